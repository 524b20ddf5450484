import Analysis

/// Composes a score for a video from its scenes: one section per scene (short scenes merged), every
/// section starting on a downbeat exactly at its cut, and a cadence on the video's last frame.
///
/// Composition is deterministic: the same scenes, style and seed give the same score, note for
/// note; another seed gives another key and other melodies over the same plan.
public struct Composer: Sendable {
    /// A style name from `styles`, or "auto" to choose one from the video's overall mood.
    /// An unknown name is treated as "auto".
    public var style: String
    public var seed: UInt64

    public static let ticksPerQuarter = 480
    public static let beatsPerBar = 4
    /// Cuts closer together than this do not start new sections.
    public static let minimumSectionSeconds = SectionPlanner.minimumSeconds

    /// The named styles, with a one-line description of each, for `--style` help and validation.
    public static let styles: [(name: String, summary: String)] = Style.all.map { ($0.name, $0.summary) }

    public init(style: String = "auto", seed: UInt64 = 1) {
        self.style = style
        self.seed = seed
    }

    /// A score exactly `duration` seconds long for `scenes`, which cover 0...duration. `cuts` are
    /// the scene boundaries in seconds; those that do not start a section become accents.
    public func compose(scenes: [Scene], cuts: [Double], duration: Double) -> Score {
        guard duration > 0 else {
            return Score(
                duration: max(0, duration), tempoMap: TempoMap(ticksPerQuarter: Self.ticksPerQuarter, bpm: 120),
                sections: [], tracks: [], cuts: [], style: resolvedStyle(for: .neutral).name)
        }
        let spans = SectionPlanner.spans(scenes: scenes, cuts: cuts, duration: duration)
        let bars = SectionPlanner.bars(for: spans, beatsPerBar: Self.beatsPerBar)
        let tempoMap = TempoMap.fitting(
            boundaries: spans.map(\.start) + [duration], bars: bars, beatsPerBar: Self.beatsPerBar,
            ticksPerQuarter: Self.ticksPerQuarter)
        let overall = Self.averageMood(of: spans)
        let style = resolvedStyle(for: overall)
        var keyRandom = SeededRandom(seed: seed ^ Self.fingerprint(of: spans), stream: .key)
        let signature = keyRandom.int(in: -3...3)

        var arrangement = Arrangement(style: style, reverb: Self.reverb(for: overall, style: style))
        var sections: [Section] = []
        var startTick = 0
        let sortedCuts = cuts.filter { $0 > 0 && $0 < duration }.sorted()
        for (index, span) in spans.enumerated() {
            let key = Key(mode: .forMood(span.mood), signature: signature)
            let quarters = bars[index] * Self.beatsPerBar
            let endTick = startTick + quarters * Self.ticksPerQuarter
            let seconds = tempoMap.seconds(atTick: endTick) - tempoMap.seconds(atTick: startTick)
            var context = SectionContext(
                index: index, startTick: startTick, bars: bars[index], ticksPerQuarter: Self.ticksPerQuarter,
                beatsPerBar: Self.beatsPerBar, bpm: Double(quarters) * 60 / seconds, mood: span.mood, key: key,
                style: style, isFinal: index == spans.count - 1)
            var progressionRandom = SeededRandom(seed: seed, stream: .progression, index: index)
            context.chords = HarmonyWriter.chords(for: context, random: &progressionRandom)
            context.hitTicks = sortedCuts.filter { $0 > span.start + 0.05 && $0 < span.end - 0.05 }
                .map { tempoMap.tick(atSeconds: $0) }
            arrangement.add(context, seed: seed)

            sections.append(
                Section(
                    start: span.start, end: span.end, startTick: startTick, bars: bars[index], bpm: context.bpm,
                    key: key.name, tonic: key.tonic, isMajor: key.mode.isMajor, mood: span.mood,
                    keySignature: key.signature))
            startTick = endTick
        }
        return Score(
            duration: duration, tempoMap: tempoMap, beatsPerBar: Self.beatsPerBar, sections: sections,
            tracks: arrangement.tracks, cuts: cuts.filter { $0 >= 0 && $0 <= duration }.sorted(), style: style.name)
    }

    private func resolvedStyle(for mood: Mood) -> Style {
        Style.named(style) ?? Style.automatic(for: mood)
    }

    /// Duration-weighted mean of the spans' moods.
    private static func averageMood(of spans: [SectionPlanner.Span]) -> Mood {
        let total = spans.reduce(0) { $0 + $1.seconds }
        guard total > 0 else { return .neutral }
        func mean(_ value: (Mood) -> Double) -> Double {
            spans.reduce(0) { $0 + value($1.mood) * $1.seconds } / total
        }
        return Mood(
            valence: mean(\.valence), arousal: mean(\.arousal), tension: mean(\.tension), pace: mean(\.pace),
            density: mean(\.density))
    }

    /// A hash of the plan, so that different videos with the same seed get different keys.
    private static func fingerprint(of spans: [SectionPlanner.Span]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for span in spans {
            for value in [span.end, span.mood.valence, span.mood.arousal] {
                hash = (hash ^ value.bitPattern) &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }

    /// Reverb send: 60 - 25 arousal, plus the style's own amount.
    private static func reverb(for mood: Mood, style: Style) -> Int {
        Int((60 - 25 * mood.arousal).rounded() + Double(style.reverbOffset)).clamped(to: 0...127)
    }
}
