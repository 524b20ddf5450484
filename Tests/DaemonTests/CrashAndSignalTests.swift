import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Crashes, signals and the worker pool: the journal stays consistent and nothing half-written
/// is ever visible.
@Suite("Daemon: crashes and signals", .serialized, .timeLimit(.minutes(5)))
struct CrashAndSignalTests {
    @Test("kill -9 in the middle of a job, then a restart: no partial output, done once")
    func crashMidJob() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        try await harness.start()
        try TinyClip.write(to: harness.input.appending(path: "victim.mp4"), long: true)
        // Freeze the daemon as soon as it logs the start (reading the log is quick; a status
        // command may take longer than a short job on a busy machine), then kill it.
        let running = await harness.waitFor(seconds: 60) { harness.logText.contains("job started") }
        harness.signal(SIGSTOP)
        try #require(running, "the job never started: \(harness.logText)")
        await harness.crash()

        #expect(harness.files(in: harness.output).isEmpty, "partial output: \(harness.files(in: harness.output))")
        #expect(harness.jobs(in: "running").count == 1, "the journal should still show the job in flight")

        try await harness.start()
        #expect(await harness.waitForDone(1, seconds: 240), "\(harness.logText)")
        let jobs = try harness.jobs()
        #expect(jobs.count == 1)
        #expect(jobs.first?.state == "done")
        #expect(jobs.first?.attempts == 2, "the crashed attempt counts: \(jobs)")
        #expect(harness.files(in: harness.output) == ["victim.soundtrack.mp4"])
        #expect(harness.logText.contains("re-queued jobs interrupted"))
        #expect(await harness.stop() == 0)
    }

    @Test("SIGTERM in the middle of a job: clean exit, job given back, then done once")
    func terminateMidJob() async throws {
        let harness = try DaemonHarness(daemon: [], settleSeconds: 0.5)
        try harness.writeConfig(daemon: ["workers = 1", "settle_seconds = 0.5", "stop_seconds = 0"])
        try await harness.start()
        try TinyClip.write(to: harness.input.appending(path: "busy.mp4"), long: true)
        let running = await harness.waitFor(seconds: 60) { harness.logText.contains("job started") }
        try #require(running, "\(harness.logText)")
        let status = await harness.stop(seconds: 30)
        #expect(status == 0, "\(harness.logText)")
        let jobs = try harness.jobs()
        #expect(jobs.count == 1)
        // Either it finished in time or it was given back; never left "running".
        #expect(jobs.first?.state == "queued" || jobs.first?.state == "done", "\(jobs)")
        if jobs.first?.state == "queued" {
            #expect(jobs.first?.attempts == 0, "an attempt stopped by shutdown is not counted")
            #expect(harness.files(in: harness.output).isEmpty)
        }
        try await harness.start()
        #expect(await harness.waitForDone(1, seconds: 240))
        #expect(harness.files(in: harness.output) == ["busy.soundtrack.mp4"])
        #expect(await harness.stop() == 0)
    }

    @Test("workers = 2: never more than two jobs at once, every file done")
    func boundedPool() async throws {
        let harness = try DaemonHarness(workers: 2, settleSeconds: 0.3)
        try await harness.start()
        for index in 0..<6 {
            try TinyClip.write(to: harness.input.appending(path: "clip\(index).mp4"))
        }
        let finished = await harness.waitForDone(6, seconds: 150)
        #expect(finished, "\(harness.logText)")
        // Read from the log, in the order the daemon wrote it, rather than by polling the
        // journal, which can miss a job that starts and ends between two looks.
        let most = Self.mostAtOnce(log: harness.logText)
        #expect(most == 2, "saw at most \(most) jobs running at once: \(harness.logText)")
        #expect(harness.files(in: harness.output).count == 6)
        #expect(await harness.stop() == 0)
    }

    @Test("SIGHUP with a good file adds a folder; with a bad one keeps the old configuration")
    func reload() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        try await harness.start()
        let second = harness.root.appending(path: "in2", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try harness.writeConfig(
            daemon: ["workers = 1", "settle_seconds = 0.5"],
            extraWatches: [
                [
                    "input = \"\(second.path)\"", "output = \"\(harness.root.path)/out2\"",
                    "failed = \"\(harness.root.path)/failed2\"",
                ]
            ])
        harness.signal(SIGHUP)
        let reloaded = await harness.waitFor(seconds: 30) { harness.logText.contains("configuration reloaded") }
        #expect(reloaded, "\(harness.logText)")
        try TinyClip.write(to: second.appending(path: "second.mp4"))
        let done = await harness.waitForDone(1, seconds: 60)
        #expect(done, "\(harness.logText)")
        #expect(harness.files(in: harness.root.appending(path: "out2")) == ["second.soundtrack.mp4"])

        // A bad file: an unknown key on line 3. The daemon keeps running on the old configuration.
        try Data("[daemon]\nworkers = 1\nwrokers = 2\n".utf8).write(to: harness.config)
        harness.signal(SIGHUP)
        let refused = await harness.waitFor(seconds: 30) { harness.logText.contains("reload failed") }
        #expect(refused)
        #expect(harness.logText.contains("watch.conf:3:"), "the reason names the line")
        #expect(harness.isRunning)
        try TinyClip.write(to: second.appending(path: "after-bad.mp4"))
        #expect(await harness.waitForDone(2, seconds: 60), "the old configuration still works: \(harness.logText)")
        #expect(await harness.stop() == 0)
    }

    /// The most jobs between their "job started" and their "done" line at any point of `log`.
    private static func mostAtOnce(log: String) -> Int {
        var running = Set<String>()
        var most = 0
        for line in log.split(separator: "\n") {
            guard let id = line.split(separator: " ").first(where: { $0.hasPrefix("job.id=") }) else { continue }
            if line.hasSuffix("] job started") {
                running.insert(String(id))
                most = max(most, running.count)
            } else if line.hasSuffix("] done") {
                running.remove(String(id))
            }
        }
        return most
    }
}
