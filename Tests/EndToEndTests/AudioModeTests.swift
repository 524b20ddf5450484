import Foundation
import TestSupport
import Testing

/// A video whose sound alternates speech (espeak-ng) and silence.
enum SpeechClip {
    static let seconds = 13
    /// Where each sentence starts, in seconds.
    static let starts = [2.0, 8.0]
    static let sentences = [
        "The harbour was quiet this morning, and the boats stayed in.",
        "Tomorrow the storm will come from the west.",
    ]

    /// Where the clip is made, once per test run; removed when the process exits.
    private static let folder: String = {
        let path = try! TemporaryFolder.makeUnique(prefix: "soundtrack-speech").path
        atexit { try? FileManager.default.removeItem(atPath: SpeechClip.folder) }
        return path
    }()

    private static let made = Task { () throws -> (video: URL, ends: [Double]) in
        try await generate(in: URL(fileURLWithPath: folder, isDirectory: true))
    }

    /// A copy of the clip in `folder`, and where each sentence ends.
    static func make(in folder: URL) async throws -> (video: URL, ends: [Double]) {
        let (original, ends) = try await made.value
        let copy = folder.appending(path: original.lastPathComponent)
        try FileManager.default.copyItem(at: original, to: copy)
        return (copy, ends)
    }

    /// Speaks the sentences into WAV files and lays them on a test pattern at `starts`, as AAC
    /// in MP4 (1 dB down, so the speech peaks stay under the limiter's ceiling). Returns the
    /// video and where each sentence ends.
    private static func generate(in folder: URL) async throws -> (video: URL, ends: [Double]) {
        var ends: [Double] = []
        for (index, sentence) in sentences.enumerated() {
            let result = try await Subprocess.run(["espeak-ng", "-w", "speech\(index).wav", sentence], in: folder)
            guard result.status == 0 else { throw SubprocessFailure(command: "espeak-ng", result: result) }
            let probe = try await Subprocess.run(
                ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", "speech\(index).wav"],
                in: folder)
            let length = try #require(Double(probe.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)))
            ends.append(starts[index] + length)
        }
        let voices = starts.indices.map { index in
            "[\(index + 1):a]aresample=48000,volume=-1dB,pan=stereo|c0=c0|c1=c0,"
                + "adelay=\(Int(starts[index] * 1000)):all=1[s\(index)]"
        }
        let graph =
            voices.joined(separator: ";")
            + ";[s0][s1]amix=inputs=2:normalize=0:duration=longest,apad,atrim=0:\(seconds)[a]"
        try await Subprocess.ffmpeg(
            Clip.testPattern(seconds: seconds) + ["-i", "speech0.wav", "-i", "speech1.wav"]
                + ["-filter_complex", graph, "-map", "0:v", "-map", "[a]"] + Clip.x264
                + ["-c:a", "aac", "-b:a", "192k", "speech.mp4"],
            in: folder)
        return (folder.appending(path: "speech.mp4"), ends)
    }
}

@Suite(
    "Audio modes",
    .enabled(
        if: TestEnvironment.hasTool("espeak-ng"), "espeak-ng is not installed (apt-get install espeak-ng); skipped"))
struct AudioModeTests {
    @Test("In mix mode the music drops at least 10 dB under speech and the speech keeps its level")
    func musicDucksUnderSpeech() async throws {
        let folder = try TemporaryFolder()
        let (input, ends) = try await SpeechClip.make(in: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--audio", "mix", "--stems", "stems", "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let output = folder.appending("speech.soundtrack.mp4")

        // The soundtrack is the output's first audio stream in mix mode; the speech is the
        // input's only one. Line them up (the codecs' delays may differ by a frame or so).
        let original = try await DecodedAudio.decode(input)
        let mixed = try await DecodedAudio.decode(output)
        let music = try await DecodedAudio.decode(folder.appending("stems/mix.wav"))
        let firstWords = SpeechClip.starts[0] + 0.2...SpeechClip.starts[0] + 0.45
        let lag = original.lag(of: mixed, over: firstWords, maximumLag: 1200)
        let delivered = mixed.shifted(by: lag)

        // Speech: inside each sentence. Gaps: clear of the ducking's attack and of its hold
        // and release after the last word.
        let speech = zip(SpeechClip.starts, ends).map { $0 + 0.3...$1 - 0.1 }
        let gaps = [0.3...SpeechClip.starts[0] - 0.3, ends[0] + 1.4...SpeechClip.starts[1] - 0.3, ends[1] + 1.4...12.8]

        // The speech's gain in the delivered track: the projection of the track on the speech.
        var cross = 0.0
        var speechPower = 0.0
        for stretch in speech {
            for index in original.range(stretch) {
                cross += Double(delivered.samples[index]) * Double(original.samples[index])
                speechPower += Double(original.samples[index]) * Double(original.samples[index])
            }
        }
        let speechGain = cross / speechPower
        let speechChange = 20 * log10(speechGain)
        // What is left after taking the speech out is the music (and a little codec noise).
        let residual = DecodedAudio(
            samples: zip(delivered.samples, original.samples).map { $0 - Float(speechGain) * $1 })
        let musicUnderSpeech = residual.power(in: speech)
        let musicInGaps = residual.power(in: gaps)
        let ducking = 10 * log10(musicInGaps / musicUnderSpeech)
        // The same, relative to the music as rendered (the stem), so that the music's own
        // loud and quiet passages do not count as ducking.
        let duckingOfStem =
            10 * log10((musicInGaps / music.power(in: gaps)) / (musicUnderSpeech / music.power(in: speech)))
        print(
            "mix: ducking \(ducking) dB (against the stem: \(duckingOfStem) dB), speech change \(speechChange) dB, lag \(lag)"
        )

        #expect(ducking >= 10, "the music is only \(ducking) dB lower under speech than in the gaps")
        #expect(duckingOfStem >= 10, "relative to the rendered music, the ducking is only \(duckingOfStem) dB")
        #expect(abs(speechChange) < 1, "the speech level changed by \(speechChange) dB")
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.audio?.mode == "mix")
        if TestEnvironment.hasSharedTools {
            let verdict = try await CheckOutputVerdict.run(
                input: input, output: output, extra: ["--lufs=-16", "--lufs-tol", "0.5"])
            #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        }
    }

    struct ModeCase: Sendable, CustomTestStringConvertible {
        var mode: String
        var lufs: Double
        var testDescription: String { "\(mode) at \(Int(lufs)) LUFS" }
    }

    static let modeCases = ["replace", "mix", "add", "auto"].flatMap { mode in
        [-23.0, -16.0, -14.0].map { ModeCase(mode: mode, lufs: $0) }
    }

    @Test(
        "Every mode passes check-output at every loudness target",
        .enabled(if: TestEnvironment.hasSharedTools, "../shared/tools/check-output is missing; skipped"),
        arguments: modeCases)
    func modeMeetsTarget(_ mode: ModeCase) async throws {
        let folder = try TemporaryFolder()
        let (input, _) = try await SpeechClip.make(in: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--audio", mode.mode, "--lufs=\(mode.lufs)", "--report", "report.json"],
            in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let output = folder.appending("speech.soundtrack.mp4")
        let verdict = try await CheckOutputVerdict.run(
            input: input, output: output, extra: ["--lufs=\(mode.lufs)", "--lufs-tol", "0.5"])
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        print("\(mode.testDescription): \(verdict.figures)")

        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        let audio = try #require(report.audio)
        #expect(audio.mode == (mode.mode == "auto" ? "mix" : mode.mode), "speech is not silence: auto mixes")
        #expect(abs(audio.lufs - mode.lufs) <= 0.5)
        #expect(audio.truePeak <= -1)

        let before = try await MediaProbe.probe(input)
        let after = try await MediaProbe.probe(output)
        #expect(after.streams("audio").count == 2)
        #expect(after.defaultAudio?.codecName == "aac")
        if mode.mode == "add" {
            // The original comes first and is copied bit for bit; the soundtrack is the default.
            #expect(after.streams("audio").first?.isDefault == false)
            #expect(after.streams("audio").last?.isDefault == true)
            #expect(try await Self.streamHash(input, "0:a:0") == Self.streamHash(output, "0:a:0"))
        } else {
            #expect(after.streams("audio").first?.isDefault == true)
            #expect(try await Self.streamHash(input, "0:a:0") == Self.streamHash(output, "0:a:1"))
        }
        #expect(before.streams("audio").count == 1)
    }

    @Test("auto replaces when the video has no sound", .enabled(if: TestEnvironment.hasSharedTools))
    func autoWithoutSound() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.noAudio.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--audio", "auto", "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.audio?.mode == "replace")
        let verdict = try await CheckOutputVerdict.run(
            input: input, output: folder.appending("clip.soundtrack.mp4"), extra: ["--lufs=-16", "--lufs-tol", "0.5"])
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
    }

    /// A hash of a stream's packets as they are stored (ffmpeg's streamhash of a stream copy).
    static func streamHash(_ file: URL, _ stream: String) async throws -> String {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-map", stream, "-c", "copy", "-f", "streamhash",
            "-hash", "sha256", "-",
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg streamhash", result: result) }
        return result.standardOutputText.split(separator: "=").last.map(String.init) ?? ""
    }
}
