/// Voices chords so that each moves as little as possible from the last (voice leading): common
/// tones stay, the other voices step to the nearest chord tone. Close position by default; an
/// open "spread" voicing (root, fifth, octave, tenth, ...) for a pianist's left hand or a
/// guitar's open chords.
struct Voicer: Sendable {
    /// Where the lowest voice may lie.
    var bottomRange: ClosedRange<Int>
    /// Whether ninth chords leave their root to the bass (`Instrument.rootless`).
    var rootless = false
    private(set) var previous: [Int]?
    /// The last chord voiced and its ladder: patterns ask again for every note they pick.
    private var cached: (chord: Chord, key: Key, spread: Bool, ladder: [Int])?

    init(bottomRange: ClosedRange<Int> = 52...63) {
        self.bottomRange = bottomRange
    }

    /// A voicer for `instrument`'s register and way of voicing.
    init(for instrument: Instrument) {
        self.init(bottomRange: instrument.register)
        rootless = instrument.rootless
    }

    /// The chord's notes from the bottom up, for patterns that pick them one by one or strike
    /// them together; remembered for the next chord's voice leading.
    mutating func ladder(for chord: Chord, in key: Key, spread: Bool) -> [Int] {
        if let cached, cached.chord == chord, cached.key == key, cached.spread == spread { return cached.ladder }
        let ladder = spread ? spreadVoicing(for: chord, in: key) : voicing(for: chord, in: key)
        cached = (chord, key, spread, ladder)
        return ladder
    }

    /// Root in the bottom range, then fifth, octave, third and fifth an octave up, and the
    /// seventh or ninth when the chord has one: the shape of a left-hand arpeggio or a guitar chord.
    mutating func spreadVoicing(for chord: Chord, in key: Key) -> [Int] {
        let classes = chord.pitchClasses(in: key)
        let root = chord.rootPitch(in: bottomRange, key: key)
        let intervals = classes.map { (($0 - classes[0]) % 12 + 12) % 12 }
        let third = intervals.count > 1 ? intervals[1] : 4
        let fifth = intervals.count > 2 ? intervals[2] : 7
        var pitches = [root, root + fifth, root + 12, root + 12 + third, root + 12 + fifth]
        if intervals.count > 3 { pitches.append(root + 12 + intervals[3]) }
        pitches.append(root + 24)
        previous = pitches
        return pitches
    }

    /// Pitches, low to high, for `chord` in close position; remembers them for the next call.
    mutating func voicing(for chord: Chord, in key: Key) -> [Int] {
        var pitchClasses = chord.pitchClasses(in: key)
        if rootless && pitchClasses.count >= 5 { pitchClasses.removeFirst() }
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
        let mud = Self.lowSeconds(in: pitches) * Self.lowSecondPenalty
        guard let previous else {
            let middle = (bottomRange.lowerBound + bottomRange.upperBound) / 2 + 4
            let centre = pitches.reduce(0, +) / pitches.count
            return abs(centre - middle) + (inversion == 0 ? 0 : 3) + mud
        }
        if previous.count == pitches.count {
            return zip(previous, pitches).reduce(0) { $0 + abs($1.0 - $1.1) } + mud
        }
        // Different sizes (a triad after a seventh chord): each new voice to its nearest old one.
        return pitches.reduce(0) { total, pitch in
            total + (previous.map { abs($0 - pitch) }.min() ?? 0)
        } + mud
    }

    /// A second between neighbouring voices below its low interval limit costs as much as this
    /// much more movement: down there it sounds as mud rather than colour (a major seventh's
    /// root just over the seventh, a minor ninth's ninth just under the third).
    static let lowSecondPenalty = 12

    /// Neighbouring voices a second apart under the low interval limits.
    static func lowSeconds(in pitches: [Int]) -> Int {
        zip(pitches, pitches.dropFirst()).filter { isLowSecond($0, $1) }.count
    }

    /// Whether two pitches are a second apart under the arrangers' low interval limits: a minor
    /// second with its lower note under E3, a major second under E flat 3.
    static func isLowSecond(_ one: Int, _ other: Int) -> Bool {
        let (lower, upper) = (min(one, other), max(one, other))
        return (upper - lower == 1 && lower < 52) || (upper - lower == 2 && lower < 51)
    }
}
