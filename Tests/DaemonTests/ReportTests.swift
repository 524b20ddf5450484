import Foundation
import TestSupport
import Testing

/// `report = true` in a `[[watch]]` table: an HTML report beside each output.
@Suite("Daemon: HTML reports", .serialized, .timeLimit(.minutes(2)))
struct ReportTests {
    @Test("report = true writes NAME.soundtrack.html beside NAME.soundtrack.mp4; report = false writes none")
    func reportBesideOutput() async throws {
        let harness = try DaemonHarness(watch: ["report = true"])
        try await harness.start()
        let staged = try TinyClip.staged(in: harness.root, name: "a.mp4")
        try FileManager.default.moveItem(at: staged, to: harness.input.appending(path: "a.mp4"))
        #expect(await harness.waitForDone(1), "\(harness.logText)")
        _ = await harness.stop()
        let outputs = harness.files(in: harness.output).sorted()
        #expect(outputs == ["a.soundtrack.html", "a.soundtrack.mp4"], "\(outputs)")
        let page = try String(contentsOf: harness.output.appending(path: "a.soundtrack.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains("a.soundtrack.mp4"), "the page names its output")
        #expect(page.contains("<img class=\"thumb\""), "a picture of the scene")

        let plain = try DaemonHarness()
        try await plain.start()
        let other = try TinyClip.staged(in: plain.root, name: "b.mp4")
        try FileManager.default.moveItem(at: other, to: plain.input.appending(path: "b.mp4"))
        #expect(await plain.waitForDone(1), "\(plain.logText)")
        _ = await plain.stop()
        #expect(plain.files(in: plain.output) == ["b.soundtrack.mp4"])
    }
}
