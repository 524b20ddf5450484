import Foundation
import TestSupport
import Testing

/// What people type out of habit: negative values after an option, `--version`, `--help`,
/// Ctrl-C, machine-readable progress, and what the report tells a script.
@Suite("Command-line habits")
struct CommandLineHabitsTests {
    @Test("`--lufs -23` (a negative value after the option) is taken and met; the report is versioned and rounded")
    func negativeLoudnessTarget() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.h264AAC.copy(into: folder.url)

        let result = try await Subprocess.soundtrack(
            ["clip.mp4", "--lufs", "-23", "--audio", "replace", "--report", "report.json"], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        let data = try Data(contentsOf: folder.appending("report.json"))
        let report = try JSONDecoder().decode(HabitsReport.self, from: data)
        #expect(abs(report.audio.lufs - -23) <= 0.5, "delivered \(report.audio.lufs) LUFS")
        #expect(report.audio.target == -23)
        #expect(report.options.lufs == -23 && report.options.audio == "replace", "\(report.options)")
        #expect(!report.version.isEmpty && report.schemaVersion >= 2)
        // Every figure carries at most three decimals (milliseconds), levels at most one.
        let numbers = try Self.numbers(in: JSONSerialization.jsonObject(with: data))
        let noisy = numbers.filter { abs(($0.value * 1000).rounded() - $0.value * 1000) > 1e-6 }
        #expect(noisy.isEmpty, "figures with float noise: \(noisy.prefix(5))")
        for level in [report.audio.lufs, report.audio.truePeak] {
            #expect(abs((level * 10).rounded() - level * 10) < 1e-6, "\(level) is not rounded to 0.1 dB")
        }
        if TestEnvironment.hasSharedTools {
            let verdict = try await CheckOutputVerdict.run(
                input: input, output: folder.appending("clip.soundtrack.mp4"),
                extra: ["--lufs=-23", "--lufs-tol", "0.5"])
            #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        }
    }

    @Test("`--version` and `soundtrack version` name soundtrack, FFmpeg, FluidSynth and the SoundFont")
    func version() async throws {
        for arguments in [["--version"], ["version"]] {
            let result = try await Subprocess.soundtrack(arguments)
            #expect(result.status == 0, "\(arguments): \(result.summary)")
            let lines = result.standardOutputText.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("soundtrack 0.") == true, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("FFmpeg ") && $0.contains(".") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("FluidSynth 2.") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("SoundFont /") && ($0.hasSuffix(".sf2") || $0.hasSuffix(".sf3")) })
        }
    }

    @Test("`soundtrack --help` shows the main command's options, with placeholders that say what they want")
    func help() async throws {
        let result = try await Subprocess.soundtrack(["--help"])
        #expect(result.status == 0, "\(result.summary)")
        let text = result.standardOutputText
        for expected in [
            "--midi <FILE.mid>", "--report <FILE.html|FILE.json>", "--stems <DIR>", "--soundfont <FILE.sf2>", "--lufs <LUFS>",
            "--progress <KIND>", "soundtrack holiday.mp4", "--lufs -23", "analyze", "daemon", "version",
        ] {
            #expect(text.contains(expected), "--help lacks \(expected):\n\(text)")
        }
    }

    @Test("`--progress json` writes one JSON object a line that reaches 1.0; `-v` adds debug lines")
    func progressJSON() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)

        let make = try await Subprocess.soundtrack(["clip.mp4", "--progress", "json", "-v"], in: folder.url)
        let analyze = try await Subprocess.soundtrack(["analyze", "clip.mp4", "--progress", "json"], in: folder.url)

        for (name, result) in [("make", make), ("analyze", analyze)] {
            try #require(result.status == 0, "\(name): \(result.summary)")
            let lines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("{") }
            let updates = try lines.map { try JSONDecoder().decode(ProgressLine.self, from: Data($0.utf8)) }
            try #require(updates.count >= 2, "\(name): \(result.standardError)")
            #expect(zip(updates, updates.dropFirst()).allSatisfy { $0.fraction <= $1.fraction }, "\(name): \(updates)")
            #expect(updates.allSatisfy { (0...1).contains($0.fraction) && $0.elapsed >= 0 })
            #expect(updates.last?.fraction == 1 && updates.last?.stage == "done", "\(name): \(updates.last as Any)")
            #expect(updates.last?.eta == 0)
            #expect(updates.contains { $0.speed.map { $0 > 0 } ?? false }, "\(name): no speed in \(updates)")
        }
        let debug = make.standardError.split(separator: "\n").filter {
            $0.split(separator: " ").dropFirst().first == "debug"
        }
        #expect(debug.contains { $0.contains("soundfont=") }, "-v shows no debug lines: \(make.standardError)")
        let quiet = analyze.standardError.split(separator: "\n").filter {
            $0.split(separator: " ").dropFirst().first == "debug"
        }
        #expect(quiet.isEmpty, "debug lines without -v: \(quiet)")
    }

    @Test(
        "On a terminal the progress line shows elapsed time, speed and time left, and notices print above it",
        .enabled(if: TestEnvironment.hasTool("script"), "script (util-linux) is not installed; skipped"))
    func terminalProgressLine() async throws {
        let folder = try TemporaryFolder()
        // Long enough that the job outlasts the half second before speed and time left show.
        let clip = Clip(
            id: "30 s of H.264+AAC", fileName: "clip.mp4",
            steps: [Clip.testPattern(seconds: 30) + Clip.sine(seconds: 30) + Clip.x264 + ["-c:a", "aac", "clip.mp4"]])
        _ = try await clip.copy(into: folder.url)

        // `script` gives the command a terminal; the sine clip is louder than -23 LUFS, so the mix
        // brings a notice in the middle of the progress.
        let result = try await Subprocess.run(
            ["script", "-qec", "'\(TestEnvironment.binary)' clip.mp4 --lufs -23", "/dev/null"], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        // Everything the terminal got, cut at each "clear the line" (carriage return, erase line).
        let pieces = result.standardOutputText.components(separatedBy: "\r\u{1B}[K")
        let notices = pieces.filter { $0.contains(" notice ") }
        try #require(!notices.isEmpty, "no notice: \(result.standardOutputText)")
        for notice in notices {
            #expect(
                notice.first?.isNumber == true,
                "a notice was written over the progress line: \(notice.debugDescription)")
        }
        let progress = pieces.filter { $0.contains("elapsed ") }
        #expect(progress.contains { $0.hasPrefix("writing 100%") }, "\(progress.suffix(3))")
        #expect(progress.contains { $0.contains("speed ") && $0.contains("x  left ") }, "\(progress.suffix(3))")
        #expect(pieces.last?.hasPrefix("clip.soundtrack.mp4") == true, "the output name does not follow a clear line")
    }

    // MARK: Helpers

    struct ProgressLine: Decodable, CustomStringConvertible {
        var stage: String
        var fraction: Double
        var elapsed: Double
        var speed: Double?
        var eta: Double?
        var description: String { "\(stage) \(fraction)" }
    }

    struct HabitsReport: Decodable {
        struct Audio: Decodable {
            var lufs: Double
            var truePeak: Double
            var target: Double
        }

        struct Options: Decodable {
            var lufs: Double?
            var audio: String?
        }

        var version: String
        var schemaVersion: Int
        var options: Options
        var audio: Audio
    }

    /// Every number in a JSON value, with where it is.
    static func numbers(in value: Any, at path: String = "") -> [(path: String, value: Double)] {
        switch value {
        case let dictionary as [String: Any]:
            return dictionary.flatMap { numbers(in: $0.value, at: "\(path).\($0.key)") }
        case let array as [Any]:
            return array.enumerated().flatMap { numbers(in: $0.element, at: "\(path)[\($0.offset)]") }
        case let number as Double:
            return [(path, number)]
        case let number as Int:
            return [(path, Double(number))]
        case let number as NSNumber:
            return [(path, number.doubleValue)]
        default:
            return []
        }
    }
}
