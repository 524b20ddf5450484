import Analysis

/// Everything the part writers need to know about one section: where it is in ticks, its mood,
/// key, chords and style. Built once per section by the composer; the writers only read it.
struct SectionContext: Sendable {
    let index: Int
    let startTick: Int
    let bars: Int
    let ticksPerQuarter: Int
    let beatsPerBar: Int
    /// Average tempo of the section.
    let bpm: Double
    let mood: Mood
    let key: Key
    let style: Style
    /// Whether this section ends the piece (and so ends on a held tonic).
    let isFinal: Bool
    /// The chords, in order, covering the whole section without gaps.
    var chords: [ChordSlot] = []
    /// Ticks, inside this section, of cuts that did not start a section (hits for the drums).
    var hitTicks: [Int] = []

    var ticksPerBar: Int { ticksPerQuarter * beatsPerBar }
    var endTick: Int { startTick + bars * ticksPerBar }
    var secondsPerBar: Double { 60 / bpm * Double(beatsPerBar) }

    /// Start tick of bar `bar` of this section (0-based).
    func barStart(_ bar: Int) -> Int { startTick + bar * ticksPerBar }

    /// The chord sounding at `tick`.
    func chord(atTick tick: Int) -> Chord {
        var low = 0
        var high = chords.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if chords[middle].startTick <= tick { low = middle } else { high = middle - 1 }
        }
        return chords[low].chord
    }

    /// Where the held final chord starts: the last bar of the final section, else `endTick`.
    var finalChordTick: Int { isFinal ? barStart(bars - 1) : endTick }

    /// The melody's loudness for this mood, 64 + 28 arousal.
    var baseVelocity: Int { Int((64 + 28 * mood.arousal).rounded()) }

    /// Note length as a share of the time to the next onset: 0.95 - 0.3 max(0, arousal).
    var articulation: Double { 0.95 - 0.3 * max(0, mood.arousal) }

    /// A velocity clamped to MIDI's 1...127.
    static func velocity(_ value: Int) -> Int { value.clamped(to: 1...127) }
}
