import Analysis
import Testing

@testable import Composition

/// The theme a whole piece is made of moves like a tune, and the tune stays where its instrument
/// sounds well.
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

    /// Bright, driven footage moves the tune's centre up; the whistle climbed to 96 (C7) there.
    @Test(
        "a bright, driven tune stays under the top of its instrument's register", arguments: Composer.styles.map(\.name)
    )
    func tuneUnderTheTop(style name: String) throws {
        let style = try #require(Style.named(name))
        let mood = Mood(valence: 0.9, arousal: 0.9, tension: 0.3, pace: 140, density: 0.8)
        let bars = SectionWriting.bars(eighths: Array(repeating: 8, count: 24))
        var highest = 0
        for seed: UInt64 in 1...12 {
            for level in [2, style.levels.count - 1] {
                let (_, melody) = SectionWriting.write(
                    style: style, bars: bars, mood: mood, key: Key(mode: .ionian, signature: 2), level: level,
                    isFinal: seed % 2 == 0, seed: seed)
                highest = max(highest, melody.map(\.pitch).max() ?? 0)
            }
        }
        #expect(highest <= style.melody.register.upperBound, "\(name): up to \(highest)")
        #expect(highest >= style.melody.register.upperBound - 12, "\(name): the tune still climbs (up to \(highest))")
    }
}
