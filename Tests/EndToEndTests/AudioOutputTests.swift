import Foundation
import TestSupport
import Testing

/// `-o NAME.EXT` with an audio extension: the soundtrack alone, exactly as long as the video, at
/// the loudness target; `.mid`: the score alone, without a SoundFont.
@Suite("Audio-only and MIDI outputs")
struct AudioOutputTests {
    /// Extensions, the codec ffprobe should name, and the codec's frame (the length tolerance).
    static let kinds: [(ext: String, codec: String, frame: Int)] = [
        ("m4a", "aac", 1024), ("wav", "pcm_s24le", 1), ("flac", "flac", 4608), ("opus", "opus", 960),
        ("mp3", "mp3", 1152),
    ]

    @Test("Each audio extension decodes, runs the video's length within one audio frame, at the target ±1 LU",
          arguments: AudioOutputTests.kinds.map(\.ext))
    func audioFile(ext: String) async throws {
        let kind = try #require(Self.kinds.first { $0.ext == ext })
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            ["clip.mp4", "-o", "music.\(ext)", "--lufs", "-20", "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "music.\(ext)\n")
        #expect(try folder.listing() == ["clip.mp4", "music.\(ext)", "report.json"])

        let output = folder.appending("music.\(ext)")
        let probe = try await MediaProbe.probe(output)
        #expect(probe.streams("video").isEmpty, "an audio file holds no pictures")
        #expect(probe.streams("audio").compactMap(\.codecName) == [kind.codec])

        let decoded = try await DecodedAudio.decode(output)
        let expected = Clip.seconds * DecodedAudio.sampleRate
        #expect(abs(decoded.samples.count - expected) <= kind.frame, "\(decoded.samples.count) samples, not \(expected)")

        let loudness = try await Self.integratedLoudness(output)
        #expect(abs(loudness - -20) <= 1, "\(ext): \(loudness) LUFS, target -20")
        let report = try JSONDecoder().decode(
            AudioReport.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.output == "music.\(ext)")
        #expect(abs(report.audio.lufs - -20) <= 1)
        #expect(report.audio.truePeak <= -1 + 0.5)
    }

    @Test("--audio mix in an audio file carries the original under the music; --stems and --midi come too")
    func mixedAudioFileWithStems() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            ["clip.mp4", "-o", "mix.flac", "--audio", "mix", "--stems", "stems", "--midi", "score.mid",
             "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["clip.mp4", "mix.flac", "report.json", "score.mid", "stems"])
        let report = try JSONDecoder().decode(
            AudioReport.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.audio.mode == "mix")
        #expect(report.audio.codec == "flac")
        #expect(report.audio.originalGain != nil, "the report says the original is not in the mix")
        let delivered = try await DecodedAudio.decode(folder.appending("mix.flac"))
        #expect(abs(delivered.samples.count - Clip.seconds * DecodedAudio.sampleRate) <= 4608)
        #expect(FileManager.default.fileExists(atPath: folder.appending("stems/mix.wav").path))
    }

    @Test("-o NAME.mid writes the score alone, with no SoundFont to be found")
    func midiWithoutSoundFont() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.run(
            ["env", "SOUNDTRACK_SOUNDFONT=/nonexistent/font.sf2", TestEnvironment.binary, "clip.mp4", "-o", "score.mid",
             "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["clip.mp4", "report.json", "score.mid"])
        let midi = try Data(contentsOf: folder.appending("score.mid"))
        #expect(midi.prefix(4) == Data("MThd".utf8))
        #expect(midi.count > 200, "a score of \(midi.count) bytes")
        let report = try JSONDecoder().decode(MidiReport.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.audio == nil)
        #expect(report.music.sections.last.map { abs($0.end - Double(Clip.seconds)) < 0.01 } == true)
    }

    @Test("--audio add has no second track to add to in an audio file: a usage error, nothing written")
    func addNeedsAVideo() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(["clip.mp4", "-o", "x.m4a", "--audio", "add"], in: folder.url)
        #expect(result.status == 64, "\(result.summary)")
        #expect(result.messageLines.count == 1, "\(result.messageLines)")
        #expect(try folder.listing() == ["clip.mp4"])
    }

    /// Integrated loudness as ffmpeg's EBU R128 filter measures it.
    static func integratedLoudness(_ file: URL) async throws -> Double {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", file.path, "-af", "ebur128",
            "-f", "null", "-",
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg ebur128", result: result) }
        let summary = result.standardError.components(separatedBy: "Summary:").last ?? ""
        let line = try #require(summary.split(separator: "\n").first { $0.contains("I:") && $0.contains("LUFS") })
        let figure = line.split(separator: " ").compactMap { Double($0) }.first
        return try #require(figure, "no loudness in \(line)")
    }

    struct AudioReport: Decodable {
        struct Audio: Decodable {
            var mode: String
            var lufs: Double
            var truePeak: Double
            var codec: String
            var originalGain: Double?
        }

        var output: String
        var audio: Audio
    }

    struct MidiReport: Decodable {
        struct Music: Decodable {
            struct Section: Decodable { var end: Double }
            var sections: [Section]
        }

        var audio: MidiAudio?
        var music: Music
        struct MidiAudio: Decodable, Equatable { var lufs: Double }
    }
}

extension AudioOutputTests {
    @Test("A target louder than the music can be made under the true-peak limit is missed with one notice saying by how much")
    func unreachableTargetIsNoticed() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            ["clip.mp4", "-o", "music.m4a", "--lufs", "-5", "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let report = try JSONDecoder().decode(AudioReport.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.audio.lufs < -6, "reached \(report.audio.lufs) LUFS")
        #expect(report.audio.truePeak <= -1)
        let notices = result.standardError.split(separator: "\n").filter { $0.contains("under the -5 LUFS target") }
        #expect(notices.count == 1, "\(result.standardError)")
        #expect(notices.first?.contains(String(format: "%.1f LUFS", report.audio.lufs)) == true, "\(notices)")

        // At a target the music can meet, no such notice.
        let met = try await Subprocess.soundtrack(
            ["clip.mp4", "-o", "quiet.m4a", "--lufs", "-20"], in: folder.url)
        try #require(met.status == 0, "\(met.summary)")
        #expect(!met.standardError.contains("LUFS target"), "\(met.standardError)")
    }
}

extension AudioOutputTests {
    /// Its loudness used to be measured in two halves side by side, and halves of 0.26 s hold no
    /// 400 ms gating block: the mix measured silent, was not raised, and a notice blamed the limiter.
    @Test("A half-second video mixed with its sound is delivered at the target, without a notice")
    func halfSecondMix() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(
            ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=0.52", "-f", "lavfi", "-i",
             "sine=frequency=440:duration=0.52", "-shortest", "-c:v", "libx264", "-c:a", "aac", "half.mp4"],
            in: folder.url)
        let result = try await Subprocess.soundtrack(
            ["half.mp4", "-o", "half.out.mp4", "--audio", "mix", "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let report = try JSONDecoder().decode(AudioReport.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(abs(report.audio.lufs - -16) <= 1, "delivered \(report.audio.lufs) LUFS, target -16")
        #expect(report.audio.originalGain != nil)
        #expect(!result.standardError.contains("LUFS target"), "\(result.standardError)")
    }
}
