import Foundation
import TestSupport
import Testing

/// The promises of design.md's "Interfaces": default names, reports, MIDI, seeds, `analyze`.
@Suite("Command-line contract")
struct CommandLineContractTests {
    @Test("Default output beside the input, input untouched, report and MIDI as promised")
    func defaultRunWithReportAndMIDI() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.hardCut.copy(into: folder.url)
        let original = try FileFingerprint(input)

        let result = try await Subprocess.soundtrack(
            ["clip.mp4", "--report", "report.json", "--midi", "score.mid"], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["clip.mp4", "clip.soundtrack.mp4", "report.json", "score.mid"])
        #expect(result.standardOutputText.split(separator: "\n").last == "clip.soundtrack.mp4")
        #expect(try FileFingerprint(input) == original, "the input was changed")

        let midi = try Data(contentsOf: folder.appending("score.mid"))
        #expect(midi.starts(with: Array("MThd".utf8)))
        #expect(midi.count > 100)

        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        Self.checkAnalysis(report, duration: Double(Clip.seconds), cut: Clip.hardCutSeconds)
        let music = try #require(report.music)
        #expect(!music.style.isEmpty && music.style != "auto")
        #expect(!music.key.isEmpty)
        #expect(music.tempoMap.first?.time == 0)
        #expect(music.tempoMap.allSatisfy { (40...240).contains($0.bpm) }, "\(music.tempoMap)")
        #expect(zip(music.tempoMap, music.tempoMap.dropFirst()).allSatisfy { $0.time < $1.time })
        try #require(!music.sections.isEmpty)
        #expect(music.sections.first?.start == 0)
        #expect(abs((music.sections.last?.end ?? 0) - report.duration) < 0.01)
        let audio = try #require(report.audio)
        #expect(["mix", "replace", "add"].contains(audio.mode))
        #expect(abs(audio.lufs - -16) <= 1, "lufs \(audio.lufs)")
        #expect(audio.truePeak <= -1, "true peak \(audio.truePeak)")
        let timings = try #require(report.timings)
        #expect(!timings.isEmpty && timings.values.allSatisfy { $0 >= 0 }, "\(timings)")
    }

    @Test("The same seed gives byte-identical MIDI; another seed gives different MIDI")
    func seeds() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.hardCut.copy(into: folder.url)
        async let first = Self.midi(of: input, seed: 7, name: "a", in: folder)
        async let second = Self.midi(of: input, seed: 7, name: "b", in: folder)
        async let other = Self.midi(of: input, seed: 8, name: "c", in: folder)
        let (a, b, c) = try await (first, second, other)
        #expect(a.starts(with: Array("MThd".utf8)))
        #expect(a == b, "seed 7 twice gave different bytes")
        #expect(a != c, "seeds 7 and 8 gave the same bytes")
    }

    @Test("`soundtrack analyze` prints the analysis JSON and writes nothing")
    func analyze() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.hardCut.copy(into: folder.url)

        let result = try await Subprocess.soundtrack(["analyze", "clip.mp4"], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["clip.mp4"])
        let report = try JSONDecoder().decode(ReportJSON.self, from: result.standardOutput)
        Self.checkAnalysis(report, duration: Double(Clip.seconds), cut: Clip.hardCutSeconds)
        #expect(report.music == nil && report.audio == nil)
    }

    private static func midi(of input: URL, seed: Int, name: String, in folder: TemporaryFolder) async throws -> Data {
        let result = try await Subprocess.soundtrack(
            [
                input.path, "-o", folder.appending("\(name).mkv").path, "--midi", folder.appending("\(name).mid").path,
                "--seed", String(seed),
            ])
        try #require(result.status == 0, "\(result.summary)")
        return try Data(contentsOf: folder.appending("\(name).mid"))
    }

    /// Duration, the one hard cut, and contiguous scenes with moods in range.
    static func checkAnalysis(_ report: ReportJSON, duration: Double, cut: Double) {
        #expect(abs(report.duration - duration) < 0.05, "duration \(report.duration)")
        #expect(report.cuts.count == 1 && report.cuts.allSatisfy { abs($0 - cut) < 0.1 }, "cuts \(report.cuts)")
        #expect(report.scenes.count == report.cuts.count + 1)
        #expect(report.scenes.first?.start == 0)
        #expect(abs((report.scenes.last?.end ?? 0) - report.duration) < 0.01)
        #expect(zip(report.scenes, report.scenes.dropFirst()).allSatisfy { abs($0.end - $1.start) < 1e-6 })
        for scene in report.scenes {
            let mood = scene.mood
            #expect(scene.start < scene.end)
            #expect((-1...1).contains(mood.valence) && (-1...1).contains(mood.arousal), "\(mood)")
            #expect((0...1).contains(mood.tension) && (0...1).contains(mood.density), "\(mood)")
            #expect(mood.pace > 0, "\(mood)")
        }
    }
}
