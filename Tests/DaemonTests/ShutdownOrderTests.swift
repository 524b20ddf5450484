import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM stops the daemon's services one after another: the watcher first (it stops taking
/// arrivals), then the worker pool (jobs finish or are given back), then the lease keeper, so
/// that a job finishing during the stop keeps its claim to the end.
@Suite("Daemon: the order of the stop", .serialized, .timeLimit(.minutes(5)))
struct ShutdownOrderTests {
    @Test("SIGTERM while a job runs and a file settles: the job is given back, the file is queued at the next start")
    func stopWhileSettling() async throws {
        let harness = try DaemonHarness()
        try harness.writeConfig(daemon: ["workers = 1", "settle_seconds = 3", "stop_seconds = 0"])
        // The first job sleeps 30 s before its pipeline: still running when SIGTERM comes, even
        // when the whole suite loads the machine (with 6 s, a CI run noticed "job started" so late
        // that the job had finished before the stop; with 15 s, a run beside another suite did).
        try await harness.start(
            environment: ["SOUNDTRACK_TEST_JOB_HANG_SECONDS": "30", "SOUNDTRACK_TEST_JOB_HANG_JOB": "1"])
        let second = harness.root.appending(path: "second.mp4")
        try TinyClip.write(to: second)
        try TinyClip.write(to: harness.input.appending(path: "first.mp4"))
        let running = await harness.waitFor(seconds: 60) { harness.logText.contains("job started") }
        try #require(running, "\(harness.logText)")
        // Moved in now, it needs 3 s unchanged; the stop takes longer than that (the job's 30 s).
        try FileManager.default.moveItem(at: second, to: harness.input.appending(path: "second.mp4"))
        let status = await harness.stop(seconds: 90)
        #expect(status == 0, "\(harness.logText)")

        let stopped = try harness.jobs()
        #expect(stopped.map(\.path).map { URL(filePath: $0).lastPathComponent } == ["first.mp4"], "\(stopped)")
        #expect(stopped.first?.state == "queued", "the job stopped by the shutdown goes back: \(stopped)")
        #expect(stopped.first?.attempts == 0, "an attempt stopped by the shutdown is not counted: \(stopped)")
        #expect(harness.files(in: harness.output).isEmpty)

        try await harness.start()
        #expect(await harness.waitForDone(2, seconds: 120), "\(harness.logText)")
        let jobs = try harness.jobs()
        #expect(jobs.count == 2)
        #expect(jobs.allSatisfy { $0.state == "done" && $0.attempts == 1 }, "\(jobs)")
        #expect(harness.files(in: harness.output) == ["first.soundtrack.mp4", "second.soundtrack.mp4"])
        #expect(await harness.stop() == 0)
    }

    @Test("a job finishing after SIGTERM keeps its lease: a second machine does not take it over")
    func leaseKeptWhileDraining() async throws {
        let first = try DaemonHarness()
        try first.writeConfig(daemon: [
            "workers = 1", "settle_seconds = 0.5", "stop_seconds = 60", "lease_seconds = 6", "machine = \"first\"",
        ])
        // The first job runs 15 s and more: past two leases after SIGTERM. (Leases of 6 s, renewed
        // every 1.5 s, leave room for a commit that waits on a busy disk.)
        try await first.start(
            environment: ["SOUNDTRACK_TEST_JOB_HANG_SECONDS": "15", "SOUNDTRACK_TEST_JOB_HANG_JOB": "1"])
        try TinyClip.write(to: first.input.appending(path: "shared.mp4"))
        let running = await first.waitFor(seconds: 60) { first.logText.contains("job started") }
        try #require(running, "\(first.logText)")
        first.signal(SIGTERM)

        // Another machine on the same folders and journal, claiming every job whose lease runs out.
        let second = try DaemonHarness()
        let text = """
            [daemon]
            journal = "\(first.journal.path)"
            machine = "second"
            workers = 1
            settle_seconds = 0.5
            lease_seconds = 6

            [[watch]]
            input = "\(first.input.path)"
            output = "\(first.output.path)"
            failed = "\(first.failed.path)"

            """
        try Data(text.utf8).write(to: second.config)
        try await second.start()

        #expect(await first.waitForExit(seconds: 60) == 0, "\(first.logText)")
        #expect(await first.waitForDone(1, seconds: 60), "\(first.logText)")
        let jobs = try first.jobs()
        #expect(jobs.count == 1)
        #expect(jobs.first?.state == "done")
        #expect(jobs.first?.machine == "first", "the second machine took the job during the stop: \(jobs)")
        #expect(jobs.first?.attempts == 1, "\(jobs)")
        #expect(first.files(in: first.output) == ["shared.soundtrack.mp4"])
        #expect(!first.logText.contains("lost the claim"), "\(first.logText)")
        #expect(!second.logText.contains("job started"), "\(second.logText)")
        #expect(await second.stop() == 0, "\(second.logText)")
    }
}
