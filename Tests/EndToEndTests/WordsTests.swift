import Foundation
import TestSupport
import Testing

/// Words in, music out: `--prompt` alone and cue sheets, through the release binary.
@Suite("Words and cue sheets")
struct WordsTests {
    @Test("Opposite prompts order arousal and valence (and tempo) in the report")
    func oppositePrompts() async throws {
        let folder = try TemporaryFolder()
        var moods: [String: ReportJSON.Mood] = [:]
        for (name, prompt) in [
            ("calm", "calm peaceful morning"), ("furious", "furious chase through the night"),
            ("unhappy", "not happy at all"), ("overjoyed", "overjoyed"),
        ] {
            let result = try await Subprocess.soundtrack(
                ["--prompt", prompt, "--duration", "12", "-o", "\(name).mid", "--report", "\(name).json"],
                in: folder.url)
            try #require(result.status == 0, "\(result.summary)")
            let report = try JSONDecoder().decode(
                ReportJSON.self, from: Data(contentsOf: folder.appending("\(name).json")))
            #expect(report.duration == 12 && report.cuts.isEmpty && report.scenes.count == 1)
            moods[name] = report.scenes.first?.mood
        }
        let calm = try #require(moods["calm"])
        let furious = try #require(moods["furious"])
        let unhappy = try #require(moods["unhappy"])
        let overjoyed = try #require(moods["overjoyed"])
        #expect(calm.arousal < furious.arousal && calm.valence > furious.valence, "\(calm) vs \(furious)")
        #expect(calm.pace < furious.pace)
        #expect(
            unhappy.valence < overjoyed.valence && unhappy.arousal < overjoyed.arousal, "\(unhappy) vs \(overjoyed)")
    }

    @Test("--prompt --duration 30 -o theme.wav: exactly 30 s, at -16 LUFS, no other file")
    func promptToWAV() async throws {
        let folder = try TemporaryFolder()
        let result = try await Subprocess.soundtrack(
            ["--prompt", "a rainy walk home after the funeral", "--duration", "30", "-o", "theme.wav"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "theme.wav\n")
        #expect(try folder.listing() == ["theme.wav"])
        let output = folder.appending("theme.wav")
        let decoded = try await DecodedAudio.decode(output)
        #expect(decoded.samples.count == 30 * DecodedAudio.sampleRate, "\(decoded.samples.count) samples")
        let loudness = try await Self.integratedLoudness(output)
        #expect(abs(loudness - -16) <= 1, "\(loudness) LUFS")
    }

    @Test("Words go to every audio output: .m4a with --stems, --midi and an HTML report, at the target")
    func promptToM4AWithStems() async throws {
        let folder = try TemporaryFolder()
        let result = try await Subprocess.soundtrack(
            [
                "--prompt", "quietly hopeful morning", "--duration", "12", "-o", "theme.m4a", "--stems", "stems",
                "--midi", "theme.mid", "--report", "theme.html",
            ], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["stems", "theme.html", "theme.m4a", "theme.mid"])
        let output = folder.appending("theme.m4a")
        let decoded = try await DecodedAudio.decode(output)
        // AAC's priming leaves up to one 1024-sample frame over.
        #expect(abs(decoded.samples.count - 12 * DecodedAudio.sampleRate) <= 1024, "\(decoded.samples.count) samples")
        #expect(abs(try await Self.integratedLoudness(output) - -16) <= 1)
        #expect(FileManager.default.fileExists(atPath: folder.appending("stems/mix.wav").path))
        for format in ["flac", "opus", "mp3"] {
            let other = try await Subprocess.soundtrack(
                ["--prompt", "quietly hopeful morning", "--duration", "6", "-o", "theme.\(format)"], in: folder.url)
            #expect(other.status == 0, "\(other.summary)")
            #expect(abs(try await Self.integratedLoudness(folder.appending("theme.\(format)")) - -16) <= 1, "\(format)")
        }
    }

    @Test("Words cannot go to a video, and --duration is refused for a video input: one line, exit 64")
    func wordsToVideoRefused() async throws {
        let folder = try TemporaryFolder()
        let result = try await Subprocess.soundtrack(
            ["--prompt", "calm", "--duration", "10", "-o", "theme.mp4"], in: folder.url)
        #expect(result.status == 64 && result.standardError.contains("words have no pictures"), "\(result.summary)")
        let video = try await Subprocess.soundtrack(["clip.mp4", "--duration", "10"], in: folder.url)
        #expect(video.status == 64 && video.standardError.contains("--duration is for"), "\(video.summary)")
        #expect(try folder.listing().isEmpty)
    }

    @Test("A cue sheet's sections start at its times, on downbeats; the WAV is --duration long at the target")
    func cueSheetToWAV() async throws {
        let folder = try TemporaryFolder()
        let sheet = "# harbour\n0:00 calm dawn over the harbour\n0:12.5 chase through the market\n\n0:31 triumph\n"
        try Data(sheet.utf8).write(to: folder.appending("cues.txt"))
        let result = try await Subprocess.soundtrack(
            [
                "cues.txt", "--duration", "45", "-o", "score.wav", "--lufs", "-20", "--midi", "score.mid",
                "--report", "report.json",
            ], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["cues.txt", "report.json", "score.mid", "score.wav"])
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.cuts == [12.5, 31])
        let sections = try #require(report.music?.sections)
        // A section's start is when its first downbeat sounds, rounded down: within a
        // millisecond of its cue.
        #expect(zip(sections.map(\.start), [0, 12.5, 31]).allSatisfy { abs($0 - $1) < 0.0015 } && sections.count == 3, "\(sections)")
        let moods = report.scenes.map(\.mood)
        #expect(moods.count == 3 && moods[0].arousal < moods[1].arousal && moods[1].valence < moods[2].valence)

        let decoded = try await DecodedAudio.decode(folder.appending("score.wav"))
        #expect(decoded.samples.count == 45 * DecodedAudio.sampleRate, "\(decoded.samples.count) samples")
        let loudness = try await Self.integratedLoudness(folder.appending("score.wav"))
        #expect(abs(loudness - -20) <= 1, "\(loudness) LUFS")

        if TestEnvironment.hasSharedTools {
            let metrics = try await Subprocess.run([
                TestEnvironment.shared.appending(path: "tools/midi-metrics").path, folder.appending("score.mid").path,
                "--cuts", folder.appending("report.json").path, "--min-on-downbeat", "1",
            ])
            let line = metrics.standardOutputText.split(separator: "\n").last.map(String.init) ?? ""
            let figures = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            #expect(metrics.status == 0, "\(line) \(metrics.standardError)")
            #expect((figures["cuts"] as? NSNumber)?.intValue == 2, "\(line)")
            #expect((figures["cuts_on_downbeat"] as? NSNumber)?.doubleValue == 1, "\(line)")
            #expect((figures["duration"] as? NSNumber).map { abs($0.doubleValue - 45) < 0.01 } == true, "\(line)")
        }
    }

    @Test("A JSON cue sheet without --duration runs 30 s past its last cue, and says so")
    func jsonCueSheetDefaultLength() async throws {
        let folder = try TemporaryFolder()
        let json = #"[{"time": 0, "text": "quietly hopeful"}, {"time": "0:08", "text": "very sad"}]"#
        try Data(json.utf8).write(to: folder.appending("cues.json"))
        let result = try await Subprocess.soundtrack(
            ["cues.json", "-o", "score.mid", "--report", "r.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(result.standardError.contains("0:38"), "\(result.standardError)")
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("r.json")))
        #expect(report.duration == 38 && report.cuts == [8])
    }

    /// A cue sheet that cannot be used, and the exit code it must give.
    struct BadSheet: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var arguments: [String] = []
        var status: Int32
        var testDescription: String
    }

    static let badSheets: [BadSheet] = [
        BadSheet(name: "cues.txt", bytes: [], status: 65, testDescription: "empty"),
        BadSheet(name: "cues.txt", bytes: Array("# nothing\n\n".utf8), status: 65, testDescription: "only comments"),
        BadSheet(
            name: "cues.txt", bytes: Array("0:00 calm\n0:42 chase\n0:30 triumph\n".utf8), status: 65,
            testDescription: "times out of order"),
        BadSheet(
            name: "cues.txt", bytes: Array("0:00 calm\nchase through the market\n".utf8), status: 65,
            testDescription: "a line without a time"),
        BadSheet(
            name: "cues.txt", bytes: Array("0:00 calm\n0:42 caf".utf8) + [0xE9, 0x0A], status: 65,
            testDescription: "Latin-1 bytes"),
        BadSheet(
            name: "cues.json", bytes: Array(#"[{"time": "0:00", "txt": "calm"}]"#.utf8), status: 65,
            testDescription: "JSON with an unknown key"),
        BadSheet(
            name: "cues.txt", bytes: Array("0:00 calm\n1:30 triumph\n".utf8), arguments: ["--duration", "60"],
            status: 64, testDescription: "--duration before the last cue"),
        BadSheet(
            name: "cues.txt", bytes: Array("0:00 calm\n".utf8), arguments: ["--duration", "604800"], status: 64,
            testDescription: "--duration of a week"),
    ]

    @Test("A bad cue sheet gets one line and its exit code, and nothing is written", arguments: badSheets)
    func badSheet(_ bad: BadSheet) async throws {
        let folder = try TemporaryFolder()
        try Data(bad.bytes).write(to: folder.appending(bad.name))
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack([bad.name, "-o", "out.wav"] + bad.arguments, in: folder.url)
        try BadInputTests.expectFailure(
            result, status: bad.status, mentioning: bad.status == 65 ? bad.name : "--duration", folder: folder,
            listing: before)
    }

    @Test("A cue sheet of a million lines is refused at once, reading no more than the cap")
    func millionLines() async throws {
        let folder = try TemporaryFolder()
        try Data(String(repeating: "0:00:01 x\n", count: 1_000_000).utf8).write(to: folder.appending("cues.txt"))
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(["cues.txt", "-o", "out.wav"], in: folder.url)
        try BadInputTests.expectFailure(result, status: 65, mentioning: "cues.txt", folder: folder, listing: before)
        #expect(result.messageLines.first?.contains("1024 KiB") == true)
    }

    @Test(
        "Words alone need --duration and -o; a missing cue sheet exits 66",
        arguments: [
            (["--prompt", "calm"], Int32(64), "--duration"),
            (["--prompt", "calm", "--duration", "0"], 64, "--duration"),
            (["--prompt", "calm", "--duration", "10"], 64, "-o"),
            (["missing.txt", "-o", "x.wav"], 66, "missing.txt"),
        ])
    func wordsUsage(arguments: [String], status: Int32, mentioning: String) async throws {
        let folder = try TemporaryFolder()
        let result = try await Subprocess.soundtrack(arguments, in: folder.url)
        try BadInputTests.expectFailure(result, status: status, mentioning: mentioning, folder: folder, listing: [])
    }

    /// Integrated loudness as ffmpeg's EBU R128 filter measures it.
    static func integratedLoudness(_ file: URL) async throws -> Double {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", file.path, "-af", "ebur128", "-f", "null", "-",
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg ebur128", result: result) }
        let summary = result.standardError.components(separatedBy: "Summary:").last ?? ""
        let line = try #require(summary.split(separator: "\n").first { $0.contains("I:") && $0.contains("LUFS") })
        return try #require(line.split(separator: " ").compactMap { Double($0) }.first, "no loudness in \(line)")
    }
}
