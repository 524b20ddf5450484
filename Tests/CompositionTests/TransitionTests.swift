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

    @Test("in a fast montage every cut keeps its kick, and the crashes left are two bars apart",
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
        var written: [PartName: [Note]] = [:]
        var voicers: [PartName: Voicer] = [:]
        var random = SeededRandom(seed: 1, stream: .drums, index: 0)
        TransitionWriter(context: context, style: style).write(
            into: &written, voicers: &voicers, endingAt: context.endTick, random: &random)
        let drums = TransitionWriter.spacedCrashes(written[.drums] ?? [])
        let crashes = drums.filter { $0.pitch == DrumSound.crash.rawValue }.map(\.startTick).sorted()
        #expect(crashes.count == 2, "\(name): \(crashes)")
        for (earlier, later) in zip(crashes, crashes.dropFirst()) {
            #expect(later - earlier >= 8 * 480, "\(name): \(crashes)")
        }
        let kicks = Set(drums.filter { $0.pitch == DrumSound.kick.rawValue }.map(\.startTick))
        #expect(context.hitTicks.allSatisfy(kicks.contains), "\(name): every cut is struck")
    }

    /// A driven clip's electronic score crashed 24 times a minute, 19 pairs of them under a
    /// second apart in 7 of 30 reviewed scores (a cut's crash beside a phrase's): heard as flams.
    @Test("over a whole driven score the crashes are two bars apart but for cymbal rolls; the last chord has one",
        arguments: ["cinematic", "electronic", "lofi"])
    func scoreCrashesAreSpaced(style: String) throws {
        var scenes: [Scene] = []
        for index in 0..<40 {
            scenes.append(Fixtures.scene(Double(index) * 1.5, Double(index + 1) * 1.5, valence: 0.4, arousal: 0.8))
        }
        let score = Composer(style: style, seed: 2).compose(
            scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: 60)
        let drums = try #require(score.tracks.first { $0.isDrums })
        let crashes = Array(Set(drums.notes.filter { $0.pitch == DrumSound.crash.rawValue }.map(\.startTick))).sorted()
        let single = crashes.indices.filter { index in
            !(index > 0 && crashes[index] - crashes[index - 1] <= 120)
                && !(index + 1 < crashes.count && crashes[index + 1] - crashes[index] <= 120)
        }.map { crashes[$0] }
        #expect(single.count >= 3, "\(style): \(crashes)")
        for (earlier, later) in zip(single, single.dropFirst()) {
            #expect(later - earlier >= 8 * 480, "\(style): \(single)")
        }
        let finalChord = try #require(score.bars.last).startTick
        #expect(
            crashes.last.map { $0 >= finalChord - 1920 } == true, "\(style): \(crashes.suffix(2)), \(finalChord)")
    }

    @Test("a cinematic swell rolls the cymbal in thirty-seconds, rising into the downbeat")
    func swellRollsInThirtySeconds() throws {
        let style = try #require(Style.named("cinematic"))
        let mood = Mood(valence: 0, arousal: 0, tension: 0.5, pace: 100, density: 0.5)
        var context = SectionContext(
            index: 1, bars: (0..<4).map { Bar(startTick: $0 * 1920, eighths: 8, ticksPerEighth: 240) },
            ticksPerQuarter: 480, beatsPerBar: 4, bpm: 75, mood: mood, key: Key(mode: .ionian, signature: 0),
            style: style, isFinal: false)
        context.level = 1
        context.previousLevel = 1
        context.nextLevel = 3
        context.chords = [ChordSlot(chord: .triad(on: 0), startTick: 0, endTick: context.endTick)]
        #expect(context.buildsIntoNext)
        var written: [PartName: [Note]] = [:]
        var voicers: [PartName: Voicer] = [:]
        var random = SeededRandom(seed: 1, stream: .drums, index: 0)
        TransitionWriter(context: context, style: style).write(
            into: &written, voicers: &voicers, endingAt: context.endTick, random: &random)
        let roll = (written[.drums] ?? []).filter { $0.pitch == DrumSound.crash.rawValue }
            .sorted { $0.startTick < $1.startTick }
        #expect(roll.count == 16, "\(roll.map(\.startTick))")
        #expect(
            zip(roll, roll.dropFirst()).allSatisfy { $1.startTick - $0.startTick == 60 && $1.velocity >= $0.velocity })
        #expect(roll.first?.startTick == 3 * 1920 + 960 && (roll.last?.velocity ?? 0) > (roll.first?.velocity ?? 0))
    }
}
