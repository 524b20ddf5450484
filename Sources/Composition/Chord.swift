/// A diatonic chord: a root scale degree and the scale steps stacked on it.
///
/// Because chords are built from scale steps, not semitones, every chord is in the section's
/// scale; a seventh or a suspension is just one more (or one moved) step.
struct Chord: Sendable, Equatable {
    /// Root as a scale degree, 0...6.
    var root: Int
    /// Scale steps above the root: [0, 2, 4] is a triad, [0, 2, 4, 6] a seventh chord, [0, 3, 4]
    /// a suspended fourth.
    var steps: [Int]

    static func triad(on root: Int) -> Chord {
        Chord(root: ((root % 7) + 7) % 7, steps: [0, 2, 4])
    }

    /// The chord's degrees from the root upwards, 0...13.
    var degrees: [Int] { steps.map { root + $0 } }

    /// Whether `degree` (any octave) is one of the chord's notes.
    func contains(degree: Int) -> Bool {
        let pitchClassDegree = ((degree % 7) + 7) % 7
        return degrees.contains { $0 % 7 == pitchClassDegree }
    }

    /// Pitch classes of the chord's notes in `key`, root first.
    func pitchClasses(in key: Key) -> [Int] {
        degrees.map { ((key.pitch(ofDegree: $0) % 12) + 12) % 12 }
    }

    /// The chord tone nearest to `degree` (the lower one on a tie).
    func nearestTone(to degree: Int) -> Int {
        for distance in 0...3 {
            if contains(degree: degree - distance) { return degree - distance }
            if contains(degree: degree + distance) { return degree + distance }
        }
        return degree
    }
}

/// A chord and the ticks it lasts, absolute in the score.
struct ChordSlot: Sendable, Equatable {
    var chord: Chord
    var startTick: Int
    var endTick: Int

    var durationTicks: Int { endTick - startTick }
}
