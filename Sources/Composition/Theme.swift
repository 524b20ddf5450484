/// The piece's theme: one melodic idea, drawn once from the seed, that every section's melody is
/// made of, so that the tune returns (repeated, varied, on other chords, in other keys) across
/// the whole video instead of wandering.
///
/// An idea spans two chords (a "unit") and is a contour of scale steps plus a rhythm on a grid
/// of 16 positions per unit; `PhrasePlanner` lays units out as phrases (idea, idea again,
/// continuation, cadence) and the harmony and the melody follow them. Rhythms come in every
/// density from 2 to 12 notes a unit, all drawn from the same seed, so a busy section plays a
/// busier version of the same idea.
struct Theme: Sendable, Equatable {
    /// Scale steps from each note to the next, long enough for the busiest rhythm.
    let contour: [Int]
    /// The contrasting idea's steps (the "b" of a phrase).
    let answer: [Int]
    /// Onset positions (0..<16) for each density: `rhythms[n]` has n onsets, the first at 0.
    let rhythms: [Int: [Int]]

    static let positions = 16
    static let densities = 2...12
    /// Calm sections play little more than the idea's head, all piece long, and a head that
    /// turned back on itself left a calm tune of two or three pitches (E F# E F#, C B A B C): the
    /// idea's first four notes span a third or more, its first five a fourth or more.
    static let headSpans = [4: 2, 5: 3]
    /// Contours drawn at most to find a head that wide (the last one drawn is kept).
    private static let draws = 12

    init(seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: .theme)
        var contour = Self.steps(count: Self.densities.upperBound, random: &random)
        for _ in 0..<Self.draws where !Self.headIsWide(contour) {
            contour = Self.steps(count: Self.densities.upperBound, random: &random)
        }
        self.contour = contour
        answer = Self.steps(count: Self.densities.upperBound, random: &random)
        var rhythms: [Int: [Int]] = [:]
        for count in Self.densities {
            rhythms[count] = Self.rhythm(notes: count, random: &random)
        }
        self.rhythms = rhythms
    }

    /// Whether the first notes of a line moving by `steps` span `headSpans`.
    static func headIsWide(_ steps: [Int]) -> Bool {
        var heights = [0]
        for step in steps.prefix(4) { heights.append(heights.last! + step) }
        return headSpans.allSatisfy { notes, span in
            heights.prefix(notes).max()! - heights.prefix(notes).min()! >= span
        }
    }

    /// The rhythm with `notes` onsets (clamped to the densities there are).
    func rhythm(notes: Int) -> [Int] {
        rhythms[notes.clamped(to: Self.densities)]!
    }

    /// Steps a singer would sing, with a direction: a line keeps going the way it goes for a
    /// few steps (a scale run) more often than it turns, and turns back after a leap (a third)
    /// or at the edge of its range; a repeated note now and then, never among the first three
    /// moves. The first move is a second or a third, mostly upwards: when it was
    /// always a second, two tunes in three opened with the same rising run. A sparse melody
    /// plays the idea as its first few notes: a repeat there left a tune of two or three pitches
    /// for a whole piece. (A line that turned at every note wiggled between two neighbours all
    /// piece long.)
    private static func steps(count: Int, random: inout SeededRandom) -> [Int] {
        var steps: [Int] = []
        var height = 0
        var direction = random.int(in: 0...3) == 0 ? -1 : 1
        for _ in 0..<count {
            var step: Int
            if let last = steps.last, abs(last) >= 2 {
                step = last > 0 ? -1 : 1  // after a leap, a step back
            } else if steps.isEmpty {
                // The head's first move: a second or a third, so that tunes do not all open
                // with the same scale run. (A fourth left calm tunes of three notes, C F E C F E,
                // with more leaps than steps.)
                step = direction * (random.index(weightedBy: [0.55, 0.45]) + 1)
            } else {
                switch random.index(weightedBy: [5.5, 1.0, 3.0, 0.4]) {
                case 0: step = direction  // on the way
                case 1 where steps.count >= 3: step = 0  // a repeat, never in the head
                case 1: step = direction
                case 2: direction = -direction; step = direction  // a turn
                default: step = direction * 2  // a third, on the way
                }
            }
            if !(-2...3).contains(height + step) {
                direction = height + step > 3 ? -1 : 1
                step = direction
            }
            if step != 0 { direction = step > 0 ? 1 : -1 }
            steps.append(step)
            height += step
        }
        return steps
    }

    /// `notes` onsets among 16 positions: the first and the ninth (each chord's first beat)
    /// always, then strong positions before weak ones.
    private static func rhythm(notes: Int, random: inout SeededRandom) -> [Int] {
        var chosen: Set<Int> = [0]
        if notes >= 2 { chosen.insert(8) }
        var free = (1..<positions).filter { !chosen.contains($0) }
        while chosen.count < notes {
            let weights = free.map { position -> Double in
                position % 4 == 0 ? 1.0 : position % 2 == 0 ? 0.55 : 0.18
            }
            chosen.insert(free.remove(at: random.index(weightedBy: weights)))
        }
        return chosen.sorted()
    }
}
