import Analysis

/// Everything the part writers need to know about one section: where it is in ticks, its bars,
/// mood, key, chords and style. Built once per section by the composer; the writers only read it.
struct SectionContext: Sendable {
    let index: Int
    /// The section's bars, in order; most are 4/4, the one before a montage cut may not be.
    let bars: [Bar]
    let ticksPerQuarter: Int
    /// Beats in a regular bar.
    let beatsPerBar: Int
    /// Average tempo of the section.
    let bpm: Double
    let mood: Mood
    let key: Key
    let style: Style
    /// Whether this section ends the piece (and so ends on a held tonic).
    let isFinal: Bool
    /// The melody's phrase cells after the introduction (see `PhrasePlanner`); the chords follow them.
    var phrase: [PhraseCell] = []
    /// The chords, in order, covering the whole section without gaps.
    var chords: [ChordSlot] = []
    /// Ticks, inside this section, of cuts that did not start a section: each starts a bar, and
    /// gets an accent (and a crash where drums play).
    var hitTicks: [Int] = []
    /// Arousal of the scene under each stretch between montage cuts (the first from `startTick`,
    /// then one from each of `hitTicks`); empty when the section's own mood holds throughout.
    var stretchArousal: [Double] = []
    /// How intensely the section plays, 0...1 (see `IntensityPlanner`), and the style's level
    /// that follows from it, 0...4.
    var intensity = 0.5
    var level = 2
    /// The level of the section before (nil for the first) and after (nil for the last).
    var previousLevel: Int?
    var nextLevel: Int?
    /// Bars at the start played as an introduction (thinner, no melody, no drums).
    var introBars = 0
    /// A melody to play as it is instead of writing one (a re-styled song's own tune).
    var givenMelody: [Note]?

    init(
        index: Int, bars: [Bar], ticksPerQuarter: Int, beatsPerBar: Int, bpm: Double, mood: Mood, key: Key,
        style: Style, isFinal: Bool
    ) {
        precondition(!bars.isEmpty, "a section has at least one bar")
        self.index = index
        self.bars = bars
        self.ticksPerQuarter = ticksPerQuarter
        self.beatsPerBar = beatsPerBar
        self.bpm = bpm
        self.mood = mood
        self.key = key
        self.style = style
        self.isFinal = isFinal
    }

    var startTick: Int { bars[0].startTick }
    var endTick: Int { bars[bars.count - 1].endTick }
    /// Ticks in a regular (4/4) bar.
    var ticksPerBar: Int { ticksPerQuarter * beatsPerBar }

    /// Start tick of bar `bar` of this section (0-based).
    func barStart(_ bar: Int) -> Int { bars[bar].startTick }

    /// The bar that contains `tick`.
    func bar(containing tick: Int) -> Bar {
        bars.last { $0.startTick <= tick } ?? bars[0]
    }

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

    /// Strong beats, where a clash with the chord is heard: each chord's start and each bar's
    /// downbeat (a chord that lasts two bars sounds again under the second).
    var strongTicks: Set<Int> { Set(chords.map(\.startTick) + bars.map(\.startTick)) }

    /// Where the held final chord starts: the last bar of the final section, else `endTick`.
    var finalChordTick: Int { isFinal ? bars[bars.count - 1].startTick : endTick }

    /// The loudness the parts start from: 40 at the calmest, 104 at the most intense; each
    /// instrument and layer adds its own offset.
    var baseVelocity: Int { Int((40 + 64 * intensity).rounded()) }

    /// Which bar of its four-bar phrase bar `bar` of the section is.
    func phraseBar(_ bar: Int) -> Int { bar % 4 }

    /// Whether the section's last bar leads into a more intense section (a build needs room:
    /// only a section of four bars or more gives its last bar to one).
    var buildsIntoNext: Bool {
        guard let nextLevel, !isFinal, bars.count >= 4 else { return false }
        return nextLevel > level
    }

    /// `start..<end` cut where the chord changes.
    func chordChanges(from start: Int, to end: Int) -> [(start: Int, end: Int)] {
        var pieces: [(start: Int, end: Int)] = []
        var from = start
        for slot in chords where slot.startTick > start && slot.startTick < end {
            pieces.append((from, slot.startTick))
            from = slot.startTick
        }
        pieces.append((from, end))
        return pieces
    }

    /// Where the chord after the one sounding at `tick` starts (the section's end if none).
    func nextChordTick(after tick: Int) -> Int {
        chords.first { $0.startTick > tick }?.startTick ?? endTick
    }

    /// A velocity clamped to MIDI's 1...127.
    static func velocity(_ value: Int) -> Int { value.clamped(to: 1...127) }
}
