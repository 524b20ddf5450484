import Foundation
import Testing

/// The daemon takes cue sheets as well as videos: a score in the folder's format, or, for a bad
/// sheet, the failed folder with a report.
@Suite("Daemon: cue sheets", .serialized, .timeLimit(.minutes(3)))
struct CueSheetDaemonTests {
    @Test("a dropped cue sheet becomes a score 30 s longer than its last cue in the folder's format, m4a here")
    func cueSheetToM4A() async throws {
        let harness = try DaemonHarness(watch: ["format = \"m4a\"", "report = true"], settleSeconds: 0.5)
        let staged = harness.root.appending(path: "cues.txt")
        try Data("0:00 calm dawn over the harbour\n0:04 chase through the market\n".utf8).write(to: staged)
        #expect(try await harness.dropOne(staged, as: "cues.txt") == ["cues.soundtrack.html", "cues.soundtrack.m4a"])
        let probe = try CommandResult.run(
            "/usr/bin/ffprobe",
            [
                "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0",
                harness.output.appending(path: "cues.soundtrack.m4a").path,
            ])
        #expect(probe.output == "aac,48000,2\n", "\(probe.output)")
    }

    @Test("a dropped cue sheet becomes a WAV score 30 s longer than its last cue; a bad one is quarantined")
    func cueSheets() async throws {
        let harness = try DaemonHarness(watch: ["format = \"wav\""], settleSeconds: 0.5)
        try await harness.start()
        try Data("0:00 calm dawn over the harbour\n0:06 chase through the market\n".utf8).write(
            to: harness.input.appending(path: "cues.txt"))
        try Data("0:00 calm\n0:06 chase\n0:03 back in time\n".utf8).write(to: harness.input.appending(path: "bad.txt"))
        let settled = await harness.waitFor(seconds: 90) {
            harness.jobs(in: "done").count == 1 && harness.jobs(in: "failed").count == 1
        }
        #expect(settled, "\(harness.logText)")
        #expect(harness.files(in: harness.output) == ["cues.soundtrack.wav"])
        // 36 s of 48 kHz stereo: 30 s after the last cue.
        let probe = try CommandResult.run(
            "/usr/bin/ffprobe",
            [
                "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of",
                "csv=p=0", harness.output.appending(path: "cues.soundtrack.wav").path,
            ])
        #expect(probe.output.hasPrefix("pcm_s24le,48000,2\n36.000000"), "\(probe.output)")
        #expect(harness.files(in: harness.failed) == ["bad.txt", "bad.txt.error.json"])
        #expect(harness.jobs(in: "failed").first?.outcome?.contains("line 3") == true)
        #expect(await harness.stop() == 0)
    }
}
