import Analysis
import Testing

@testable import Composition

/// What happens at a montage cut inside a section.
@Suite("Transitions")
struct TransitionTests {
    /// The crashes `TransitionWriter` strikes on a montage cut at bar 3 of a four-bar section.
    func crashesOnCut(style name: String, level: Int, arousal: [Double]) throws -> Int {
        let style = try #require(Style.named(name))
        let mood = Mood(valence: 0.2, arousal: arousal[0], tension: 0.3, pace: 100, density: 0.5)
        var context = SectionContext(
            index: 1, bars: (0..<4).map { Bar(startTick: $0 * 1920, eighths: 8, ticksPerEighth: 240) },
            ticksPerQuarter: 480, beatsPerBar: 4, bpm: 90, mood: mood, key: Key(mode: .ionian, signature: 0),
            style: style, isFinal: false)
        context.level = level
        context.previousLevel = level
        context.hitTicks = [3 * 1920]
        context.stretchArousal = arousal
        var written: [PartName: [Note]] = [:]
        var voicers: [PartName: Voicer] = [:]
        var random = SeededRandom(seed: 1, stream: .drums, index: 0)
        var writer = TransitionWriter(context: context, style: style)
        writer.write(into: &written, voicers: &voicers, endingAt: context.endTick, random: &random)
        return (written[.drums] ?? []).filter { $0.pitch == DrumSound.crash.rawValue && $0.startTick == 3 * 1920 }.count
    }

    @Test(
        "a montage cut gets a crash in a lively section, none in a calm one or into a clearly calmer shot",
        arguments: ["cinematic", "electronic", "lofi", "folk"])
    func calmCutsAreNotStruck(style: String) throws {
        #expect(try crashesOnCut(style: style, level: 3, arousal: [0.2, 0.3]) == 1)
        #expect(try crashesOnCut(style: style, level: 3, arousal: [0.2, 0.1]) == 1)
        #expect(try crashesOnCut(style: style, level: 3, arousal: [0.4, -0.2]) == 0)
        #expect(try crashesOnCut(style: style, level: 1, arousal: [-0.7, -0.7]) == 0)
        #expect(try crashesOnCut(style: style, level: 0, arousal: [-0.7, -0.2]) == 0)
    }

    @Test("in a fast montage the crashes are four beats apart, from the last section's too; every cut keeps its kick",
        arguments: ["cinematic", "electronic", "lofi", "folk"])
    func montageCrashesAreSpaced(style name: String) throws {
        let style = try #require(Style.named(name))
        let mood = Mood(valence: 0.2, arousal: 0.6, tension: 0.5, pace: 130, density: 0.8)
        var context = SectionContext(
            index: 2, bars: (0..<4).map { Bar(startTick: 10 * 1920 + $0 * 1920, eighths: 8, ticksPerEighth: 240) },
            ticksPerQuarter: 480, beatsPerBar: 4, bpm: 120, mood: mood, key: Key(mode: .ionian, signature: 0),
            style: style, isFinal: false)
        context.level = 3
        context.previousLevel = 2
        // A cut on every beat after the first.
        context.hitTicks = (1..<16).map { 10 * 1920 + $0 * 480 }
        context.stretchArousal = Array(repeating: 0.6, count: 16)
        for lastCrash in [nil, 10 * 1920 - 960] {
            var written: [PartName: [Note]] = [:]
            var voicers: [PartName: Voicer] = [:]
            var random = SeededRandom(seed: 1, stream: .drums, index: 0)
            var writer = TransitionWriter(context: context, style: style, lastCrash: lastCrash)
            writer.write(into: &written, voicers: &voicers, endingAt: context.endTick, random: &random)
            let drums = written[.drums] ?? []
            let crashes = ([lastCrash].compactMap { $0 } + drums.filter { $0.pitch == DrumSound.crash.rawValue }.map(\.startTick)).sorted()
            #expect(crashes.count >= (lastCrash == nil ? 4 : 3), "\(name): \(crashes)")
            for (earlier, later) in zip(crashes, crashes.dropFirst()) {
                #expect(later - earlier >= 4 * 480, "\(name) after \(String(describing: lastCrash)): \(crashes)")
            }
            let kicks = Set(drums.filter { $0.pitch == DrumSound.kick.rawValue }.map(\.startTick))
            #expect(context.hitTicks.allSatisfy(kicks.contains), "\(name): every cut is struck")
            #expect(writer.lastCrash == crashes.last)
        }
    }
}
