import Foundation
import Testing

/// The daemon takes cue sheets as well as videos: a score in the folder's format, or, for a bad
/// sheet, the failed folder with a report.
@Suite("Daemon: cue sheets", .serialized, .timeLimit(.minutes(3)))
struct CueSheetDaemonTests {
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
        // A 58-byte float WAV header, then 36 s of 48 kHz stereo 32-bit frames.
        let size = try FileManager.default.attributesOfItem(
            atPath: harness.output.appending(path: "cues.soundtrack.wav").path)[.size] as? Int
        #expect(size == 58 + 36 * 48_000 * 8, "\(String(describing: size))")
        #expect(harness.files(in: harness.failed) == ["bad.txt", "bad.txt.error.json"])
        #expect(harness.jobs(in: "failed").first?.outcome?.contains("line 3") == true)
        #expect(await harness.stop() == 0)
    }
}
