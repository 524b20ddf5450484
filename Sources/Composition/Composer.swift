import Analysis

/// Composes a score for a video from its scenes: one section per scene (short scenes merged), every
/// section starting on a downbeat exactly at its cut, every other cut on a downbeat too (after an
/// irregular bar if need be) with an accent, and a cadence on the video's last frame.
///
/// Composition is deterministic: the same scenes, style, options and seed give the same score,
/// note for note; another seed gives another key and other melodies over the same plan.
public struct Composer: Sendable {
    /// A style name from `styles`, or "auto" to choose one from the video's overall mood.
    /// An unknown name is treated as "auto".
    public var style: String
    public var seed: UInt64
    /// The tempo the piece centres on, in bpm (`--tempo`); nil lets the moods choose. Sections
    /// still get faster or slower with their mood, and every one still fits its cuts.
    public var tempo: Double?
    /// The home key (`--key`), for example "D minor" or "F# major"; nil lets the seed choose.
    /// A name that `isKey` rejects is ignored.
    public var key: String?

    public static let ticksPerQuarter = 480
    public static let beatsPerBar = 4
    /// Cuts closer together than this do not start new sections.
    public static let minimumSectionSeconds = SectionPlanner.minimumSeconds
    /// Tempos `tempo` may ask for.
    public static let tempoRange = 40.0...240.0

    /// The named styles, with a one-line description of each, for `--style` help and validation.
    public static let styles: [(name: String, summary: String)] = Style.all.map { ($0.name, $0.summary) }

    /// Whether `name` names a key `key` accepts: a note (C, F#, Bb, ...) and optionally a mode
    /// (major, minor, dorian, phrygian, lydian, mixolydian, ionian, aeolian).
    public static func isKey(_ name: String) -> Bool {
        Key(named: name) != nil
    }

    public init(style: String = "auto", seed: UInt64 = 1, tempo: Double? = nil, key: String? = nil) {
        self.style = style
        self.seed = seed
        self.tempo = tempo
        self.key = key
    }

    /// A score exactly `duration` seconds long for `scenes`, which cover 0...duration. `cuts` are
    /// the scene boundaries in seconds; those that do not start a section become accents on a
    /// downbeat.
    public func compose(scenes: [Scene], cuts: [Double], duration: Double) -> Score {
        guard duration > 0 else {
            return Score(
                duration: max(0, duration), tempoMap: TempoMap(ticksPerQuarter: Self.ticksPerQuarter, bpm: 120),
                sections: [], tracks: [], cuts: [], style: resolvedStyle(for: .neutral).name)
        }
        let spans = SectionPlanner.spans(scenes: scenes, cuts: cuts, duration: duration)
        let overall = Self.averageMood(of: spans)
        let style = resolvedStyle(for: overall)
        let targets = spans.map { span in
            tempo.map { SectionPlanner.targetBPM(for: span.mood, centre: $0, overall: overall) }
                ?? SectionPlanner.targetBPM(for: span.mood) * style.tempoScale
        }
        let bpms = TempoPlanner.steady(targets: targets, moods: spans.map(\.mood), seconds: spans.map(\.seconds))
        let sortedCuts = cuts.filter { $0 > 0 && $0 < duration }.sorted()
        let plan = MeterPlanner.plan(spans: spans, bpms: bpms, cuts: sortedCuts, swung: style.swing > 0)
        let tempoMap = TempoMap.fitting(
            boundaries: plan.boundaries, ticks: plan.stretchEighths.map { $0 * Self.ticksPerQuarter / 2 },
            shapes: TempoRamp.shapes(for: plan, spans: spans, ticksPerQuarter: Self.ticksPerQuarter),
            ticksPerQuarter: Self.ticksPerQuarter)
        let signatures = KeyPlan.signatures(for: spans, home: homeSignature(spans: spans))
        var keys = spans.indices.map { Key(mode: mode(for: spans[$0].mood), signature: signatures[$0]) }
        if let last = spans.last, spans.count > 1 {
            keys[keys.count - 1] = KeyPlan.homecoming(
                keys: keys, seconds: spans.map(\.seconds), mood: last.mood, requested: key.flatMap(Key.init(named:)))
        }
        let intensities = IntensityPlanner.intensities(for: spans.map(\.mood))
        let levels = intensities.map { Style.levelIndex(forIntensity: $0, count: style.levels.count) }

        let sortedScenes = scenes.sorted { $0.start < $1.start }
        var phrases = PhrasePlanner()
        var sections: [Section] = []
        var contexts: [SectionContext] = []
        var allBars: [Bar] = []
        var startTick = 0
        for (index, span) in spans.enumerated() {
            let key = keys[index]
            var bars: [Bar] = []
            var tick = startTick
            for eighths in plan.sectionBars[index] {
                bars.append(Bar(startTick: tick, eighths: eighths, ticksPerEighth: Self.ticksPerQuarter / 2))
                tick += eighths * Self.ticksPerQuarter / 2
            }
            let seconds = tempoMap.seconds(atTick: tick) - tempoMap.seconds(atTick: startTick)
            let bpm = Double(tick - startTick) / Double(Self.ticksPerQuarter) * 60 / seconds
            var context = SectionContext(
                index: index, bars: bars, ticksPerQuarter: Self.ticksPerQuarter, beatsPerBar: Self.beatsPerBar,
                bpm: bpm, mood: span.mood, key: key, style: style, isFinal: index == spans.count - 1)
            context.intensity = intensities[index]
            context.level = levels[index]
            context.previousLevel = index > 0 ? levels[index - 1] : nil
            context.nextLevel = index + 1 < levels.count ? levels[index + 1] : nil
            context.introBars = index == 0 ? Self.introBars(sectionBars: bars.count) : 0
            context.phrase = phrases.cells(for: context)
            var progressionRandom = SeededRandom(seed: seed, stream: .progression, index: index)
            context.chords = HarmonyWriter.chords(for: context, random: &progressionRandom)
            context.hitTicks = Self.hitTicks(in: plan, section: index, from: startTick)
            if !context.hitTicks.isEmpty {
                context.stretchArousal = Self.stretchArousal(in: plan, section: index, scenes: sortedScenes)
            }
            contexts.append(context)

            sections.append(
                Section(
                    start: span.start, end: span.end, startTick: startTick, endTick: tick, bars: bars.count, bpm: bpm,
                    key: key.name, tonic: key.tonic, isMajor: key.mode.isMajor, mood: span.mood,
                    keySignature: key.signature, intensity: intensities[index], level: levels[index],
                    character: Self.character(of: context)))
            allBars += bars
            startTick = tick
        }
        // Every section is laid out before any is arranged: the tune's anchor pitch is chosen
        // from all their phrases and chords.
        var arrangement = Arrangement(
            style: style, reverb: Self.reverb(for: overall, style: style), theme: Theme(seed: seed), overall: overall,
            sections: contexts)
        for context in contexts { arrangement.add(context, seed: seed) }
        return Score(
            duration: duration, tempoMap: tempoMap, beatsPerBar: Self.beatsPerBar, bars: allBars, sections: sections,
            tracks: DynamicsBalancer.balanced(arrangement.allTracks, sections: sections), cuts: cuts.filter { $0 >= 0 && $0 <= duration }.sorted(), style: style.name)
    }

    private func resolvedStyle(for mood: Mood) -> Style {
        Style.named(style) ?? Style.automatic(for: mood)
    }

    /// The mode a mood asks for; when a key was asked for and its mode has the same third
    /// (major or minor) as the mood's, that mode, so the named key is heard where it fits.
    private func mode(for mood: Mood) -> Mode {
        let wanted = Mode.forMood(mood)
        guard let key, let requested = Key(named: key), requested.mode.isMajor == wanted.isMajor else { return wanted }
        return requested.mode
    }

    /// The signature of `key` when one was asked for, else one from -3...3 drawn from the seed and
    /// the shape of the video.
    private func homeSignature(spans: [SectionPlanner.Span]) -> Int {
        if let key, let requested = Key(named: key) { return requested.signature }
        var random = SeededRandom(seed: seed ^ Self.fingerprint(of: spans), stream: .key)
        return random.int(in: -3...3)
    }

    /// Ticks at which the stretches of `section` after its first begin: its montage cuts.
    private static func hitTicks(in plan: MeterPlanner.Plan, section: Int, from startTick: Int) -> [Int] {
        var ticks: [Int] = []
        var tick = startTick
        for (stretch, owner) in plan.stretchSection.enumerated() where owner == section {
            if tick != startTick { ticks.append(tick) }
            tick += plan.stretchEighths[stretch] * ticksPerQuarter / 2
        }
        return ticks
    }

    /// Arousal of the scene at the middle of each stretch of `section` (empty without scenes).
    private static func stretchArousal(in plan: MeterPlanner.Plan, section: Int, scenes: [Scene]) -> [Double] {
        guard !scenes.isEmpty else { return [] }
        return plan.stretchSection.indices.filter { plan.stretchSection[$0] == section }.map { stretch in
            let middle = (plan.boundaries[stretch] + plan.boundaries[stretch + 1]) / 2
            return (scenes.last { $0.start <= middle } ?? scenes[0]).mood.arousal
        }
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

    /// Bars of introduction at the start of the piece: none in a very short first section, one
    /// in a short one, two from six bars on.
    static func introBars(sectionBars: Int) -> Int {
        sectionBars >= 6 ? 2 : sectionBars >= 3 ? 1 : 0
    }

    /// A word for what a section does, for the MIDI file's markers and the report.
    static func character(of context: SectionContext) -> String {
        if context.isFinal { return "ending" }
        if context.index == 0 && context.introBars > 0 { return "intro" }
        if let previous = context.previousLevel, previous - context.level >= 2 { return "breakdown" }
        if context.buildsIntoNext { return "build" }
        return ["calm", "light", "groove", "full", "peak"][context.level.clamped(to: 0...4)]
    }

    /// Reverb send: 60 - 25 arousal, plus the style's own amount.
    private static func reverb(for mood: Mood, style: Style) -> Int {
        Int((60 - 25 * mood.arousal).rounded() + Double(style.reverbOffset)).clamped(to: 0...127)
    }
}
