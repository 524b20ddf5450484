import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One daemon under test: its own drop, output and failed folders, journal and watch.conf in a
/// fresh temporary folder, the real `soundtrack` binary, and helpers to wait on the journal.
final class DaemonHarness: @unchecked Sendable {
    // Used from one test at a time; the lock only guards `process` against the termination handler.
    let root: URL
    /// Removed after `deinit` has killed the daemon.
    private let folder: TemporaryFolder
    let input: URL
    let output: URL
    let failed: URL
    let config: URL
    /// A copy of the first watch.conf that `status` reads, so tests may break `config` on purpose.
    let statusConfig: URL
    let journal: URL
    let log: URL
    private var process: Process?
    private var runs = 0

    /// `journalFolder`: a subfolder of the harness's root for the journal (default: the root).
    init(
        daemon: [String] = [], watch: [String] = [], workers: Int = 1, settleSeconds: Double = 1,
        journalFolder: String? = nil
    ) throws {
        folder = try TemporaryFolder(prefix: "soundtrack-daemon")
        root = folder.url
        input = root.appending(path: "in", directoryHint: .isDirectory)
        output = root.appending(path: "out", directoryHint: .isDirectory)
        failed = root.appending(path: "failed", directoryHint: .isDirectory)
        config = root.appending(path: "watch.conf")
        statusConfig = root.appending(path: "status.conf")
        journal = root.appending(path: (journalFolder.map { $0 + "/" } ?? "") + "journal.sqlite")
        log = root.appending(path: "daemon.log")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try writeConfig(
            daemon: ["workers = \(workers)", "settle_seconds = \(settleSeconds)", "stop_seconds = 5"] + daemon,
            watch: watch)
        try FileManager.default.copyItem(at: config, to: statusConfig)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Writes watch.conf with the harness's folders and the extra lines given.
    func writeConfig(daemon: [String] = [], watch: [String] = [], extraWatches: [[String]] = []) throws {
        var text = "[daemon]\njournal = \"\(journal.path)\"\n" + daemon.joined(separator: "\n") + "\n\n"
        text += "[[watch]]\ninput = \"\(input.path)\"\noutput = \"\(output.path)\"\nfailed = \"\(failed.path)\"\n"
        text += watch.joined(separator: "\n") + "\n"
        for extra in extraWatches {
            text += "\n[[watch]]\n" + extra.joined(separator: "\n") + "\n"
        }
        try Data(text.utf8).write(to: config)
    }

    // MARK: - The process

    /// Starts the daemon and waits until it says it is watching.
    /// With `privateSetup`, the daemon runs in a private mount namespace (`unshare -m`) after
    /// that shell command has run in it (mounting a small file system, for instance).
    /// With `launcher`, that command line runs the daemon (`prlimit ... setpriv ...`), followed by
    /// the binary and its arguments.
    func start(
        environment: [String: String] = [:], waitForReady: Bool = true, privateSetup: String? = nil,
        launcher: [String] = []
    ) async throws {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments =
                Array(launcher.dropFirst()) + [TestEnvironment.binary, "daemon", "--config", config.path]
        } else if let privateSetup {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
            process.arguments = [
                "-m", "sh", "-c", "\(privateSetup) && exec \"$0\" daemon --config \"$1\"", TestEnvironment.binary,
                config.path,
            ]
        } else {
            process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
            process.arguments = ["daemon", "--config", config.path]
        }
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "NOTIFY_SOCKET")
        merged.removeValue(forKey: "WATCHDOG_USEC")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        runs += 1
        if waitForReady {
            let expected = runs
            let ready = await waitFor(seconds: 30) {
                self.logText.components(separatedBy: "] watching").count - 1 >= expected
            }
            try #require(ready, "the daemon did not start: \(logText)")
        }
    }

    var pid: Int32 { process?.processIdentifier ?? 0 }
    var isRunning: Bool { process?.isRunning ?? false }

    func signal(_ number: Int32) {
        if let process { kill(process.processIdentifier, number) }
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status (128+N for signal N).
    @discardableResult
    func stop(seconds: Double = 30) async -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, SIGTERM)
        return await waitForExit(seconds: seconds)
    }

    /// SIGKILL, as a crash would.
    func crash() async {
        signal(SIGKILL)
        _ = await waitForExit(seconds: 10)
    }

    func waitForExit(seconds: Double) async -> Int32? {
        guard let process else { return nil }
        let exited = await waitFor(seconds: seconds) { !process.isRunning }
        guard exited else { return nil }
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    // MARK: - The journal, through `soundtrack status --json`

    struct Job: Decodable, Sendable {
        var id: Int
        var path: String
        var size: Int64
        var state: String
        var attempts: Int
        var outcome: String?
        var stage: String?
        /// The machine that did or does it.
        var machine: String?
    }

    private struct StatusDocument: Decodable {
        var jobs: [Job]
    }

    func jobs() throws -> [Job] {
        let result = try Subprocess.runBlocking([
            TestEnvironment.binary, "status", "--config", statusConfig.path, "--json",
        ])
        guard result.status == 0 else { return [] }
        return try JSONDecoder().decode(StatusDocument.self, from: result.standardOutput).jobs
    }

    func jobs(in state: String) -> [Job] {
        ((try? jobs()) ?? []).filter { $0.state == state }
    }

    /// Waits until `count` jobs are done (and none queued or running).
    @discardableResult
    func waitForDone(_ count: Int, seconds: Double = 90) async -> Bool {
        await waitFor(seconds: seconds) {
            let all = (try? self.jobs()) ?? []
            return all.filter { $0.state == "done" }.count >= count
                && !all.contains { $0.state == "queued" || $0.state == "running" }
        }
    }

    /// Polls `condition` every 150 ms until it holds or `seconds` pass. The condition runs on a
    /// thread of its own: most run `soundtrack status` and block until it answers, and the pool
    /// that runs every async test has one thread per core.
    func waitFor(seconds: Double, _ condition: @escaping () -> Bool) async -> Bool {
        let check = OffPool(condition)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await check.holds() { return true }
            try? await Task.sleep(for: .milliseconds(150))
        }
        return await check.holds()
    }

    /// A condition asked on its own thread, one call at a time (each awaited before the next).
    private struct OffPool: @unchecked Sendable {
        let condition: () -> Bool
        init(_ condition: @escaping () -> Bool) { self.condition = condition }

        func holds() async -> Bool {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: condition()) }.start()
            }
        }
    }

    // MARK: - Files

    /// Every file below `folder`, hidden ones included, as paths relative to it, sorted.
    func files(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appending(path: name).path, isDirectory: &isFolder),
                !isFolder.boolValue
            {
                found.append(name)
            }
        }
        return found.sorted()
    }
}
