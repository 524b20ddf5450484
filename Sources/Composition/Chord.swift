/// A chord: a root scale degree and the scale steps stacked on it, with at most one chromatic
/// note.
///
/// Because chords are built from scale steps, not semitones, a chord is in the section's scale
/// unless it is altered on purpose; a seventh or a suspension is just one more (or one moved) step.
struct Chord: Sendable, Equatable {
    /// Root as a scale degree, 0...6.
    var root: Int
    /// Scale steps above the root: [0, 2, 4] is a triad, [0, 2, 4, 6] a seventh chord, [0, 3, 4]
    /// a suspended fourth.
    var steps: [Int]
    /// Chromatic changes to chord notes, by degree (0...6), in semitones: the raised third of V
    /// in minor (the leading tone), the lowered third of a borrowed iv in major, or every note of
    /// a chord taken from a song that lies outside the key (`Chord.spelling`).
    var alterations: [Int: Int] = [:]

    init(root: Int, steps: [Int]) {
        self.root = root
        self.steps = steps
    }

    static func triad(on root: Int) -> Chord {
        Chord(root: ((root % 7) + 7) % 7, steps: [0, 2, 4])
    }

    /// This chord with its third moved by `semitones` (when it has a third).
    func alteringThird(by semitones: Int) -> Chord {
        guard steps.contains(2) else { return self }
        var copy = self
        copy.alterations[(root + 2) % 7] = semitones
        return copy
    }

    /// The pitch of `degree` in `key` while this chord sounds: the scale's pitch, with the
    /// chord's alteration applied to its degree in any octave.
    func pitch(ofDegree degree: Int, in key: Key) -> Int {
        key.pitch(ofDegree: degree) + (alterations[((degree % 7) + 7) % 7] ?? 0)
    }

    /// The chord's root at the bottom of `range` (the lowest pitch of its class there): where a
    /// bass line, a timpani or a left-hand chord starts.
    func rootPitch(in range: ClosedRange<Int>, key: Key) -> Int {
        Key.pitch(ofClass: pitch(ofDegree: root, in: key), in: range, closestTo: range.lowerBound)
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
        degrees.map { ((pitch(ofDegree: $0, in: key) % 12) + 12) % 12 }
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
