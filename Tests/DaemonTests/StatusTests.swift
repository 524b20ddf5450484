import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `soundtrack status` shows times, durations, outputs and reasons, and reads the journal of a
/// stopped daemon from a folder it cannot write.
@Suite("Daemon: status", .serialized, .timeLimit(.minutes(2)))
struct StatusTests {
    struct Job: Decodable {
        var path: String
        var state: String
        var started: Double?
        var finished: Double?
        var seconds: Double?
        var output: String?
        var reason: String?
        var movedTo: String?
    }

    struct Document: Decodable { var jobs: [Job] }
    struct Counts: Decodable { var counts: [String: Int] }

    /// `status` run in a private mount namespace where the journal's folder is read-only (as for
    /// a reader who cannot write it, or under ProtectSystem=).
    static func statusReadOnly(_ harness: DaemonHarness, state: URL, arguments: [String]) throws -> CommandResult {
        try CommandResult.run(
            "/usr/bin/unshare",
            [
                "-m", "sh", "-c",
                "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && binary=\"$1\" config=\"$2\" && shift 2 "
                    + "&& exec \"$binary\" status --config \"$config\" \"$@\"",
                state.path, TestEnvironment.binary, harness.config.path,
            ] + arguments.map { $0 })
    }

    @Test(
        "status while the daemon is stopped, on a read-only journal folder, with and without WAL files",
        .enabled(if: TestEnvironment.canMountTmpfsPrivately, "needs unshare -m and mount"))
    func stoppedReadOnly() async throws {
        let harness = try DaemonHarness(daemon: ["attempts = 1"], journalFolder: "state")
        let state = harness.journal.deletingLastPathComponent()
        try await harness.start()
        try TinyClip.write(to: harness.input.appending(path: "good.mp4"))
        try Data("not a video at all".utf8).write(to: harness.input.appending(path: "bad.mp4"))
        let settled = await harness.waitFor(seconds: 60) {
            let jobs = (try? Self.status(harness, state: state, readOnly: false)) ?? []
            return jobs.filter { $0.state == "done" || $0.state == "failed" }.count == 2
        }
        try #require(settled, "\(harness.logText)")
        #expect(await harness.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: state.path + "/journal.sqlite-shm"))
        // Every state is counted, the empty ones as 0 (as /jobs.json does).
        let document = try CommandResult.soundtrack(["status", "--config", harness.config.path, "--json"])
        let counts = try JSONDecoder().decode(Counts.self, from: Data(document.output.utf8)).counts
        #expect(counts == ["queued": 0, "running": 0, "done": 1, "failed": 1, "refused": 0], "\(document.output)")

        let jobs = try Self.status(harness, state: state, readOnly: true)
        let good = jobs.first { $0.path.hasSuffix("good.mp4") }
        let bad = jobs.first { $0.path.hasSuffix("bad.mp4") }
        #expect(good?.state == "done")
        #expect(good?.output?.hasSuffix("out/good.soundtrack.mp4") == true)
        #expect((good?.seconds ?? 0) > 0)
        #expect(good?.started != nil && good?.finished != nil)
        #expect(bad?.state == "failed")
        #expect(bad?.reason?.isEmpty == false)
        #expect(bad?.movedTo?.hasSuffix("failed/bad.mp4") == true)

        let table = try Self.statusReadOnly(harness, state: state, arguments: [])
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.contains("good.mp4  ->  \(harness.output.path)/good.soundtrack.mp4"), "\(table.output)")
        #expect(table.output.contains("bad.mp4  !  "), "\(table.output)")
        #expect(table.output.contains(" s "), "a duration: \(table.output)")

        // After a crash the WAL and shared-memory files stay behind.
        try await harness.start()
        await harness.crash()
        #expect(FileManager.default.fileExists(atPath: state.path + "/journal.sqlite-wal"))
        #expect(try Self.status(harness, state: state, readOnly: true).count == 2)
    }

    static func status(_ harness: DaemonHarness, state: URL, readOnly: Bool) throws -> [Job] {
        let result =
            readOnly
            ? try statusReadOnly(harness, state: state, arguments: ["--json"])
            : try CommandResult.soundtrack(["status", "--config", harness.config.path, "--json"])
        try #require(result.status == 0, "\(result.errors)")
        return try JSONDecoder().decode(Document.self, from: Data(result.output.utf8)).jobs
    }
}
