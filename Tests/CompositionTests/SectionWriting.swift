import Analysis

@testable import Composition

/// One section's phrase, chords and melody, written in the order the composer writes them, for
/// tests that look at a section alone.
enum SectionWriting {
    static func write(
        style: Style, bars: [Bar], mood: Mood, key: Key, level: Int, intro: Int = 0, isFinal: Bool, seed: UInt64
    ) -> (context: SectionContext, melody: [Note]) {
        var context = SectionContext(
            index: 0, bars: bars, ticksPerQuarter: 480, beatsPerBar: 4, bpm: 80, mood: mood, key: key, style: style,
            isFinal: isFinal)
        context.level = level
        context.introBars = intro
        var planner = PhrasePlanner()
        context.phrase = planner.cells(for: context)
        var random = SeededRandom(seed: seed, stream: .progression, index: 0)
        context.chords = HarmonyWriter.chords(for: context, random: &random)
        let writer = MelodyWriter(theme: Theme(seed: seed), instrument: style.melody, style: style, overall: mood)
        random = SeededRandom(seed: seed, stream: .melody, index: 0)
        return (context, writer.notes(for: context, random: &random))
    }

    /// Bars of the given lengths in eighths, one after another from tick 0.
    static func bars(eighths: [Int]) -> [Bar] {
        var bars: [Bar] = []
        for length in eighths {
            bars.append(Bar(startTick: bars.last?.endTick ?? 0, eighths: length, ticksPerEighth: 240))
        }
        return bars
    }
}
