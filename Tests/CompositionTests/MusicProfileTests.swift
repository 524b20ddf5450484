import Analysis
import Foundation
import TestSupport
import Testing

@testable import Composition

/// The music issue's measures, taken by the shared `music-profile` tool on scores composed for
/// three kinds of video (calm throughout, driven throughout, calm and driven scenes alternating)
/// in every style: textures that fill in with intensity, accompaniment that moves, a kit that
/// keeps playing, a melody that returns to its motif above the accompaniment, a steady pulse.
@Suite("Music profile (shared tool)")
struct MusicProfileTests {
    static let styles = ["ambient", "piano", "cinematic", "electronic", "lofi", "folk"]

    /// Scenes of `lengths` seconds whose arousal is drawn from `arousal` (and valence from -0.6...0.6).
    static func clip(seed: UInt64, lengths: ClosedRange<Double>, arousal: [ClosedRange<Double>], seconds: Double)
        -> [Scene]
    {
        var random = SeededRandom(seed: seed)
        var scenes: [Scene] = []
        var start = 0.0
        while start < seconds {
            let end = min(seconds, start + lengths.lowerBound + random.unit() * (lengths.upperBound - lengths.lowerBound))
            let range = arousal[scenes.count % arousal.count]
            let value = range.lowerBound + random.unit() * (range.upperBound - range.lowerBound)
            scenes.append(
                Fixtures.scene(start, end, valence: random.unit() * 1.2 - 0.6, arousal: value, tension: random.unit()))
            start = end
        }
        return scenes
    }

    static let calm = clip(seed: 1, lengths: 6...14, arousal: [-0.75 ... -0.35], seconds: 90)
    static let driven = clip(seed: 2, lengths: 4...9, arousal: [0.4...0.95], seconds: 90)
    static let mixed = clip(seed: 3, lengths: 6...12, arousal: [-0.8 ... -0.5, 0.5...0.9], seconds: 120)
    /// A gentle video whose moods span a narrow range, like the bundled trailer: calm shots and
    /// livelier ones that are still below the middle.
    static let gentle = clip(seed: 4, lengths: 4...10, arousal: [-0.8 ... -0.55, -0.3 ... -0.1], seconds: 60)

    /// Composes `scenes`, writes the MIDI file and a report as the pipeline does, and returns
    /// music-profile's figures.
    static func profile(_ scenes: [Scene], style: String, seed: UInt64 = 1) throws -> (Score, [String: Any]) {
        let duration = scenes.last!.end
        let score = Composer(style: style, seed: seed).compose(
            scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: duration)
        let scratch = try TemporaryFolder(prefix: "soundtrack-music-profile")
        let folder = scratch.url
        let midi = folder.appendingPathComponent("score.mid")
        let report = folder.appendingPathComponent("report.json")
        try Data(MIDIFile.data(for: score)).write(to: midi)
        let json: [String: Any] = [
            "scenes": scenes.map {
                ["start": $0.start, "end": $0.end, "mood": ["arousal": $0.mood.arousal, "valence": $0.mood.valence]]
            },
            "music": ["sections": score.sections.map { ["start": $0.start, "end": $0.end, "bpm": $0.bpm] }],
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: report)
        let figures = try MIDIMetricsTests.run(
            [midi.path, "--report", report.path], tool: "music-profile")
        return (score, figures)
    }

    static func sections(_ figures: [String: Any]) -> [[String: Any]] {
        figures["sections"] as? [[String: Any]] ?? []
    }

    static func number(_ value: Any?) -> Double {
        (value as? NSNumber)?.doubleValue ?? .nan
    }

    @Test(
        "the busiest section of a driven video is busy; a calm-and-driven video and a gentle one span 2.5x in notes per second",
        .disabled(if: MIDIMetricsTests.toolsMissing, "skipped: ../shared/tools is not beside the package"),
        arguments: styles)
    func textureFollowsIntensity(style: String) throws {
        let (score, driven) = try Self.profile(Self.driven, style: style)
        let busiest = try #require(Self.sections(driven).max { Self.number($0["notes_per_s"]) < Self.number($1["notes_per_s"]) })
        if style != "ambient" {
            #expect(Self.number(busiest["pitched_onsets_per_beat"]) >= 2, "\(style): \(busiest)")
        }
        if score.tracks.contains(where: { $0.isDrums }) {
            #expect(Self.number(busiest["drum_hits_per_beat"]) >= 2, "\(style): \(busiest)")
        }
        let (_, mixed) = try Self.profile(Self.mixed, style: style)
        let response = try #require(mixed["response"] as? [String: Any])
        #expect(Self.number(response["busiest_to_calmest"]) >= 2.5, "\(style): \(response)")
        // A gentle video still has its liveliest and its calmest moments (ambient, whose
        // textures are sparse at every level, is held to less).
        let (_, gentle) = try Self.profile(Self.gentle, style: style)
        let range = Self.number((gentle["response"] as? [String: Any])?["busiest_to_calmest"])
        #expect(range >= (style == "ambient" ? 1.5 : 2.5), "\(style): gentle video \(range)")
    }

    @Test(
        "in piano, folk, lofi and electronic the accompaniment moves and no chord part is mostly held bars",
        .disabled(if: MIDIMetricsTests.toolsMissing, "skipped: ../shared/tools is not beside the package"),
        arguments: ["piano", "folk", "lofi", "electronic"])
    func accompanimentMoves(style: String) throws {
        for scenes in [Self.calm, Self.mixed] {
            let (_, figures) = try Self.profile(scenes, style: style)
            for section in Self.sections(figures) where Self.number(section["arousal"]) > -0.5 {
                #expect(Self.number(section["pitched_onsets_per_beat"]) >= 1.5, "\(style): \(section)")
            }
            for part in figures["parts"] as? [[String: Any]] ?? [] where (part["drums"] as? Bool) == false {
                let name = part["name"] as? String ?? ""
                guard !name.hasPrefix("Melody"), !name.hasPrefix("Bass") else { continue }
                #expect(Self.number(part["held_bar_share"]) <= 0.5, "\(style): \(part)")
            }
        }
    }

    @Test("lofi and electronic keep their kit in at least 80 % of the bars outside intro and ending",
        arguments: ["lofi", "electronic"], [0, 1, 2])
    func kitKeepsPlaying(style: String, clip: Int) throws {
        let scenes = [Self.calm, Self.driven, Self.mixed][clip]
        let score = Composer(style: style, seed: 5).compose(
            scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: scenes.last!.end)
        let drums = try #require(score.tracks.first { $0.isDrums })
        let introEnd = score.bars[Composer.introBars(sectionBars: score.sections[0].bars)].startTick
        let body = score.bars.filter { $0.startTick >= introEnd && $0.startTick < score.sections.last!.startTick }
        let playing = body.filter { bar in
            drums.notes.contains { $0.startTick >= bar.startTick && $0.startTick < bar.endTick }
        }
        #expect(Double(playing.count) >= 0.8 * Double(body.count), "\(playing.count) of \(body.count) bars")
    }

    @Test(
        "the melody returns to its motif, moves by step and stays above the accompaniment",
        .disabled(if: MIDIMetricsTests.toolsMissing, "skipped: ../shared/tools is not beside the package"),
        arguments: styles)
    func melodyIsSingable(style: String) throws {
        for scenes in [Self.calm, Self.driven, Self.mixed] {
            let (_, figures) = try Self.profile(scenes, style: style, seed: 2)
            let melody = try #require(figures["melody"] as? [String: Any])
            #expect(Self.number(melody["motif_recurrence"]) >= 0.3, "\(style): \(melody)")
            #expect(Self.number(melody["register_clash_share"]) <= 0.05, "\(style): \(melody)")
            #expect(Self.number(melody["step_share"]) >= 0.55, "\(style): \(melody)")
        }
    }

    @Test("the pulse is steady: sections change tempo by a median 4 % at most, 6 % where the mood barely moves",
        arguments: styles)
    func steadyPulse(style: String) {
        for scenes in [Self.calm, Self.driven, Self.mixed, Fixtures.trailer] {
            let duration = scenes.last!.end
            let score = Composer(style: style, seed: 1).compose(
                scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: duration)
            let sections = score.sections
            var changes: [Double] = []
            for (before, after) in zip(sections, sections.dropFirst()) {
                let change = abs(after.bpm - before.bpm) / before.bpm
                changes.append(change)
                if abs(after.mood.arousal - before.mood.arousal) < 0.3 {
                    #expect(change <= 0.06, "\(style): \(before.bpm) -> \(after.bpm) bpm at \(after.start) s")
                }
            }
            let median = changes.sorted()[changes.count / 2]
            #expect(changes.isEmpty || median <= 0.04, "\(style): median change \(median)")
        }
    }
}
