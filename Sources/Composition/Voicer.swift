/// Voices chords in close position so that each moves as little as possible from the last
/// (voice leading): common tones stay, the other voices step to the nearest chord tone.
struct Voicer: Sendable {
    /// Where the lowest voice may lie; the arrangement moves it with the melody's register.
    var bottomRange: ClosedRange<Int>
    private(set) var previous: [Int]?

    init(bottomRange: ClosedRange<Int> = 52...63) {
        self.bottomRange = bottomRange
    }

    /// Pitches, low to high, for `chord`; remembers them for the next call.
    mutating func voicing(for chord: Chord, in key: Key) -> [Int] {
        let pitchClasses = chord.pitchClasses(in: key)
        var best: (pitches: [Int], cost: Int)?
        for inversion in pitchClasses.indices {
            let order = Array(pitchClasses[inversion...] + pitchClasses[..<inversion])
            var bottom = bottomRange.lowerBound + ((order[0] - bottomRange.lowerBound) % 12 + 12) % 12
            while bottom <= bottomRange.upperBound {
                let pitches = Self.stack(order, from: bottom)
                let cost = self.cost(of: pitches, inversion: inversion)
                if best == nil || cost < best!.cost { best = (pitches, cost) }
                bottom += 12
            }
        }
        let pitches = best?.pitches ?? []
        previous = pitches
        return pitches
    }

    /// Each pitch class placed just above the one before.
    private static func stack(_ pitchClasses: [Int], from bottom: Int) -> [Int] {
        var pitches = [bottom]
        for pitchClass in pitchClasses.dropFirst() {
            let last = pitches[pitches.count - 1]
            pitches.append(last + 1 + ((pitchClass - last - 1) % 12 + 12) % 12)
        }
        return pitches
    }

    /// Total movement from the previous voicing; without one, distance from the middle of the
    /// range, with root position preferred.
    private func cost(of pitches: [Int], inversion: Int) -> Int {
        guard let previous else {
            let middle = (bottomRange.lowerBound + bottomRange.upperBound) / 2 + 4
            let centre = pitches.reduce(0, +) / pitches.count
            return abs(centre - middle) + (inversion == 0 ? 0 : 3)
        }
        if previous.count == pitches.count {
            return zip(previous, pitches).reduce(0) { $0 + abs($1.0 - $1.1) }
        }
        // Different sizes (a triad after a seventh chord): each new voice to its nearest old one.
        return pitches.reduce(0) { total, pitch in
            total + (previous.map { abs($0 - pitch) }.min() ?? 0)
        }
    }
}
