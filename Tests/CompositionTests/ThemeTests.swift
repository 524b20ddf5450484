import Analysis
import Testing

@testable import Composition

/// The theme a whole piece is made of moves like a tune.
@Suite("Theme")
struct ThemeTests {
    /// A sparse section plays only the idea's first notes: a repeat there left a tune of two or
    /// three pitches for a whole piece. The rest of the line may repeat a note.
    @Test("the theme's head moves: no repeated note in its first three moves, and repeats after them")
    func headMoves() {
        var laterRepeats = 0
        for seed: UInt64 in 1...300 {
            let theme = Theme(seed: seed)
            for steps in [theme.contour, theme.answer] {
                #expect(!steps.prefix(3).contains(0), "seed \(seed): \(steps)")
                #expect(steps.allSatisfy { abs($0) <= 2 }, "seed \(seed): \(steps)")
                laterRepeats += steps.dropFirst(3).filter { $0 == 0 }.count
            }
        }
        #expect(laterRepeats > 100, "the line still repeats a note now and then (\(laterRepeats) in 600 lines)")
    }
}
