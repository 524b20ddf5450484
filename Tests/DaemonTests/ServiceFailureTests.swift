import Foundation
import TestSupport
import Testing

/// A service of the group that fails while jobs run: the group cancels the others, the worker
/// pool stops its jobs at once and gives them back, and the daemon exits 70 with one line.
@Suite("Daemon: a service that fails", .serialized, .timeLimit(.minutes(5)))
struct ServiceFailureTests {
    @Test("a service failing while jobs run: jobs stopped and given back, exit 70 with one line, then done once")
    func failingService() async throws {
        let harness = try DaemonHarness()
        // stop_seconds 60: a pool that let its jobs run on after the failure would finish them.
        try harness.writeConfig(daemon: ["workers = 2", "settle_seconds = 0.5", "stop_seconds = 60"])
        // Each job sleeps 3 s before its pipeline; the failure comes once both workers run one.
        try await harness.start(environment: [
            "SOUNDTRACK_TEST_SERVICE_FAILS_AT_JOBS": "2", "SOUNDTRACK_TEST_JOB_HANG_SECONDS": "3",
        ])
        let names = ["a.mp4", "b.mp4", "c.mp4"]
        for name in names { try TinyClip.write(to: harness.input.appending(path: name)) }

        let status = await harness.waitForExit(seconds: 60)
        let log = harness.logText
        #expect(status == 70, "\(log)")
        let errors = log.split(separator: "\n").filter { $0.contains("stopped on an error") }
        #expect(errors.count == 1, "\(log)")
        #expect(errors.first?.contains("SOUNDTRACK_TEST_SERVICE_FAILS_AT_JOBS") == true, "\(log)")
        #expect(log.components(separatedBy: "stopped by the shutdown").count - 1 == 2, "\(log)")

        let stopped = try harness.jobs()
        #expect(stopped.filter { $0.state == "queued" }.count >= 2, "the two jobs in flight go back: \(stopped)")
        #expect(stopped.allSatisfy { $0.state == "queued" && $0.attempts == 0 }, "\(stopped)")
        #expect(harness.files(in: harness.output).isEmpty)
        #expect(harness.files(in: harness.failed).isEmpty)

        try await harness.start()
        #expect(await harness.waitForDone(3, seconds: 120), "\(harness.logText)")
        let jobs = try harness.jobs()
        #expect(jobs.count == 3, "\(jobs)")
        #expect(jobs.allSatisfy { $0.state == "done" && $0.attempts == 1 }, "\(jobs)")
        #expect(
            harness.files(in: harness.output)
                == names.map { $0.replacingOccurrences(of: ".mp4", with: ".soundtrack.mp4") })
        #expect(await harness.stop() == 0)
    }
}
