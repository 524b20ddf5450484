import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the machine, not the video, gets wrong: a SoundFont that is missing or is not one
/// (69, one line saying what to install or set), and a job stopped by Ctrl-C or SIGTERM (75,
/// nothing left behind).
@Suite("Set-up failures and signals")
struct SetUpAndSignalTests {
    struct BadFont: Sendable, CustomTestStringConvertible {
        var environment: [String]
        var arguments: [String]
        var testDescription: String
    }

    static let badFonts = [
        BadFont(
            environment: [], arguments: ["--soundfont", "notes.sf2"], testDescription: "--soundfont naming a text file"),
        BadFont(
            environment: ["SOUNDTRACK_SOUNDFONT=/nonexistent/font.sf2"], arguments: [],
            testDescription: "SOUNDTRACK_SOUNDFONT naming a missing file"),
        BadFont(
            environment: ["SOUNDTRACK_SOUNDFONT=notes.sf2"], arguments: [],
            testDescription: "SOUNDTRACK_SOUNDFONT naming a text file"),
    ]

    @Test(
        "A SoundFont that is missing or not a SoundFont exits 69 with one line and no GLib noise", arguments: badFonts)
    func badSoundFont(_ font: BadFont) async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        try Data("this is not a SoundFont\n".utf8).write(to: folder.appending("notes.sf2"))
        let before = try folder.listing()

        let result = try await Subprocess.run(
            ["env"] + font.environment + [TestEnvironment.binary, "clip.mp4"] + font.arguments, in: folder.url)

        #expect(result.status == 69, "\(result.summary)")
        #expect(result.messageLines.count == 1, "\(result.messageLines)")
        let line = result.messageLines.first ?? ""
        #expect(line.hasPrefix("soundtrack: ") && line.contains("apt-get install"), "\(line)")
        #expect(!line.contains("internal error"), "\(line)")
        #expect(!result.standardError.contains("CRITICAL"), "\(result.standardError)")
        #expect(try folder.listing() == before)
    }

    @Test("A SoundFont cut short exits 69 before the work starts, without GLib's assertion lines")
    func truncatedSoundFont() async throws {
        let installed = [
            "/usr/share/sounds/sf3/FluidR3Mono_GM.sf3", "/usr/share/sounds/sf2/FluidR3_GM.sf2",
            "/usr/share/sounds/sf2/TimGM6mb.sf2",
        ].first { FileManager.default.fileExists(atPath: $0) }
        let font = try #require(installed, "no General MIDI SoundFont installed to cut short")
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let handle = try #require(FileHandle(forReadingAtPath: font))
        try handle.read(upToCount: 100_000)?.write(to: folder.appending("cut.sf2"))
        try handle.close()
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(["clip.mp4", "--soundfont", "cut.sf2"], in: folder.url)

        #expect(result.status == 69, "\(result.summary)")
        #expect(
            result.messageLines.count == 1 && result.messageLines.first?.contains("cut.sf2") == true,
            "\(result.messageLines)")
        #expect(
            !result.standardError.contains("CRITICAL") && !result.standardError.contains("stage started"),
            "\(result.standardError)")
        #expect(try folder.listing() == before)
    }

    @Test(
        "No SoundFont installed at all exits 69 and says what to install or set",
        .enabled(if: TestEnvironment.canMountReadOnlyPrivately, "cannot make a private mount here; skipped"))
    func noSoundFontInstalled() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        // Empty folders over every place a General MIDI font is looked for, in a private namespace.
        let places = ["/usr/share/sounds", "/usr/share/fluidr3mono-gm-soundfont", "/usr/share/soundfonts"]
        let mounts = places.map { #"if [ -d \#($0) ]; then mount -t tmpfs tmpfs \#($0) || exit 97; fi"# }
        let script = (mounts + [#"exec env -u SOUNDTRACK_SOUNDFONT "$@""#]).joined(separator: "\n")

        let result = try await Subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", TestEnvironment.binary, "clip.mp4"], in: folder.url)

        #expect(result.status == 69, "\(result.summary)")
        #expect(result.messageLines.count == 1, "\(result.messageLines)")
        let line = result.messageLines.first ?? ""
        #expect(line.contains("apt-get install") && line.contains("--soundfont"), "\(line)")
        #expect(try folder.listing() == ["clip.mp4"])
    }

    /// Two minutes of picture and sound: long enough that the job is still running when the
    /// signal comes.
    static let longClip = Clip(
        id: "two minutes, 160x120", fileName: "long.mp4",
        steps: [
            Clip.testPattern(size: "160x120", seconds: 120) + Clip.sine(seconds: 120) + Clip.x264
                + ["-c:a", "aac", "long.mp4"]
        ])

    @Test("SIGINT or SIGTERM during a job exits 75 and leaves no file", arguments: [SIGINT, SIGTERM])
    func signalStopsTheJob(_ signalNumber: Int32) async throws {
        let folder = try TemporaryFolder()
        _ = try await Self.longClip.copy(into: folder.url)
        let capture = try TemporaryFolder(prefix: "soundtrack-signal")
        let errorURL = capture.appending("stderr")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["long.mp4", "--midi", "long.mid", "--progress", "json"]
        process.currentDirectoryURL = folder.url
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        try process.run()

        func fractions() -> [Double] {
            let text = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                try? JSONDecoder().decode(CommandLineHabitsTests.ProgressLine.self, from: Data(line.utf8)).fraction
            }
        }
        // Wait until the job reports progress past its start, then interrupt it.
        var started = false
        var reachedBeforeSignal = 0.0
        for _ in 0..<600 where process.isRunning {
            reachedBeforeSignal = fractions().max() ?? 0
            if reachedBeforeSignal > 0.02 {
                started = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(started && process.isRunning, "the job did not start or ended too soon")
        kill(process.processIdentifier, signalNumber)
        for _ in 0..<600 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()

        let standardError = try String(contentsOf: errorURL, encoding: .utf8)
        #expect(process.terminationReason == .exit && process.terminationStatus == 75, "stderr: \(standardError)")
        // The job stops where it is: the analysis does not read on to the end of its stretch
        // (half the video) first.
        let reached = fractions().max() ?? 0
        #expect(reached < reachedBeforeSignal + 0.2, "progress went on from \(reachedBeforeSignal) to \(reached)")
        let messages = ProcessResult(status: 0, standardOutput: Data(), standardError: standardError).messageLines
            .filter { !$0.hasPrefix("{") }
        #expect(messages.count == 1 && messages.first?.contains("long.mp4") == true, "\(messages)")
        #expect(try folder.listing() == ["long.mp4"])
    }
}
