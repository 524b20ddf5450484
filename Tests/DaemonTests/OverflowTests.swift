import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Daemon: event queue overflow", .serialized, .timeLimit(.minutes(3)))
struct OverflowTests {
    /// Stopped with SIGSTOP while more events arrive than the kernel queues (16,384 by default),
    /// the daemon finds the overflow on SIGCONT, rescans, and processes the video whose events
    /// were lost. The bulk of the events come from temporary names, which cost no jobs.
    @Test("SIGSTOP, a flood of events, SIGCONT: the overflow is noticed and every video is done")
    func overflow() async throws {
        let queueLimit =
            (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16_384
        try #require(queueLimit <= 100_000, "max_queued_events is \(queueLimit): too many events to flood here")
        let harness = try DaemonHarness(settleSeconds: 0.5)
        // The flood's folder exists and is watched before the daemon is stopped.
        let flood = harness.input.appending(path: "flood", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: flood, withIntermediateDirectories: true)
        try await harness.start()
        try await Task.sleep(for: .seconds(1))
        harness.signal(SIGSTOP)
        // Each file gives CREATE and CLOSE_WRITE: two events.
        for index in 0..<(queueLimit / 2 + 500) {
            _ = FileManager.default.createFile(atPath: flood.appending(path: "f\(index).tmp").path, contents: nil)
        }
        try TinyClip.write(to: harness.input.appending(path: "after-flood.mp4"))
        try TinyClip.write(to: flood.appending(path: "inside-flood.mp4"))
        harness.signal(SIGCONT)
        let noticed = await harness.waitFor(seconds: 30) { harness.logText.contains("overflowed") }
        #expect(noticed, "\(harness.logText.suffix(2000))")
        #expect(await harness.waitForDone(2, seconds: 90), "\(harness.logText.suffix(2000))")
        #expect(harness.jobs(in: "done").count == 2)
        #expect(await harness.stop() == 0)
    }

    /// Before READY (the daemon held there by a test hook, as a slow recovery or a database
    /// outage would hold it) inotify's events wait in the watcher's stream, unread; a flood
    /// fills it (made to hold 40 events here, 16,384 by default), and the events lost then
    /// become one rescan. Every file is done once. (The stream's first event is the rescan each
    /// folder gets once its watch is added, read after READY too: files are not lost even
    /// without the overflow's rescan, which is why the log line is checked as well.)
    @Test("files dropped before READY, a flood among them, are each done once after READY")
    func floodBeforeReady() async throws {
        let harness = try DaemonHarness(workers: 2, settleSeconds: 0.5)
        let flood = harness.input.appending(path: "flood", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: flood, withIntermediateDirectories: true)
        _ = TinyClip.data  // made now, not inside the window before READY
        try await harness.start(
            environment: ["SOUNDTRACK_TEST_READY_DELAY_SECONDS": "15", "SOUNDTRACK_TEST_EVENT_BUFFER": "40"],
            waitForReady: false)
        let holding = await harness.waitFor(seconds: 30) { harness.logText.contains("test hook: holding READY") }
        try #require(holding, "\(harness.logText)")
        // The watches are added on the watcher's thread: give it a moment.
        try await Task.sleep(for: .seconds(1))
        // Two videos whose events fit in the stream, then more events than it holds (each
        // temporary file gives two, and costs no job), then two videos whose events are lost.
        try TinyClip.write(to: harness.input.appending(path: "early-1.mp4"))
        try TinyClip.write(to: harness.input.appending(path: "early-2.mp4"))
        for index in 0..<100 {
            _ = FileManager.default.createFile(atPath: flood.appending(path: "f\(index).tmp").path, contents: nil)
        }
        try TinyClip.write(to: harness.input.appending(path: "late-1.mp4"))
        try TinyClip.write(to: flood.appending(path: "late-2.mp4"))
        try #require(!harness.logText.contains("] watching"), "READY came before the drops: \(harness.logText)")

        #expect(await harness.waitForDone(4, seconds: 120), "\(harness.logText.suffix(3000))")
        #expect(harness.logText.contains("overflowed; rescanning"), "\(harness.logText.suffix(3000))")
        let jobs = try harness.jobs()
        #expect(jobs.count == 4, "\(jobs)")
        #expect(jobs.allSatisfy { $0.state == "done" && $0.attempts == 1 }, "\(jobs)")
        #expect(
            harness.files(in: harness.output) == [
                "early-1.soundtrack.mp4", "early-2.soundtrack.mp4", "flood/late-2.soundtrack.mp4",
                "late-1.soundtrack.mp4",
            ])
        #expect(await harness.stop() == 0)
    }
}
