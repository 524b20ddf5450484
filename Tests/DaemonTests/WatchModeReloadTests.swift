import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGHUP between polling and inotify: the watcher a reload starts is followed like the first.
@Suite("Daemon: reloads between polling and watching", .serialized, .timeLimit(.minutes(3)))
struct WatchModeReloadTests {
    @Test("mode poll, then auto, poll and auto again by SIGHUP: each file dropped after a reload to auto is done once")
    func pollThenWatch() async throws {
        let harness = try DaemonHarness(daemon: ["mode = \"poll\""], settleSeconds: 0.5)
        try await harness.start()
        #expect(harness.logText.contains("polling mode"))
        var reloads = 0
        func reload(mode: String) async throws {
            try harness.writeConfig(daemon: ["workers = 1", "settle_seconds = 0.5", "mode = \"\(mode)\""])
            harness.signal(SIGHUP)
            reloads += 1
            let expected = reloads
            let done = await harness.waitFor(seconds: 20) {
                harness.logText.components(separatedBy: "configuration reloaded").count - 1 >= expected
            }
            try #require(done, "\(harness.logText)")
        }
        // In auto mode without poll_seconds nothing rescans: only inotify's events find these.
        try await reload(mode: "auto")
        try TinyClip.write(to: harness.input.appending(path: "watched.mp4"))
        #expect(await harness.waitForDone(1, seconds: 60), "\(harness.logText)")
        try await reload(mode: "poll")
        try await reload(mode: "auto")
        try TinyClip.write(to: harness.input.appending(path: "watched-again.mp4"))
        #expect(await harness.waitForDone(2, seconds: 60), "\(harness.logText)")
        let jobs = try harness.jobs()
        #expect(jobs.count == 2 && jobs.allSatisfy { $0.attempts == 1 }, "\(jobs)")
        #expect(harness.files(in: harness.output) == ["watched-again.soundtrack.mp4", "watched.soundtrack.mp4"])
        #expect(!harness.logText.contains("inotify cannot watch"), "\(harness.logText)")
        #expect(await harness.stop() == 0)
    }
}
