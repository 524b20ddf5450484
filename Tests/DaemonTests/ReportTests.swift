import Foundation
import TestSupport
import Testing

/// `report = true` in a `[[watch]]` table: an HTML report beside each output.
@Suite("Daemon: HTML reports", .serialized, .timeLimit(.minutes(2)))
struct ReportTests {
    @Test("report = true writes NAME.soundtrack.html beside NAME.soundtrack.mp4; report = false writes none")
    func reportBesideOutput() async throws {
        let harness = try DaemonHarness(watch: ["report = true"])
        let staged = try TinyClip.staged(in: harness.root, name: "a.mp4")
        let outputs = try await harness.dropOne(staged, as: "a.mp4")
        #expect(outputs == ["a.soundtrack.html", "a.soundtrack.mp4"], "\(outputs)")
        let page = try String(contentsOf: harness.output.appending(path: "a.soundtrack.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains("a.soundtrack.mp4"), "the page names its output")
        #expect(page.contains("<img class=\"thumb\""), "a picture of the scene")

        let plain = try DaemonHarness()
        let other = try TinyClip.staged(in: plain.root, name: "b.mp4")
        #expect(try await plain.dropOne(other, as: "b.mp4") == ["b.soundtrack.mp4"])
    }
}
