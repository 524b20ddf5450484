import Foundation

/// What a finished program left behind.
public struct ProcessResult: Sendable {
    /// Exit status; 128 + N when signal N killed it; 124 when it ran out of time.
    public var status: Int32
    public var standardOutput: Data
    public var standardError: String

    public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }

    /// Lines of stderr that are not routine log lines (swift-log's `<date> info|notice|debug ...`).
    public var messageLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { line in
            guard let first = line.first, first.isNumber else { return true }
            let fields = line.split(separator: " ", maxSplits: 2)
            return fields.count < 2 || !["trace", "debug", "info", "notice"].contains(String(fields[1]))
        }
    }

    public init(status: Int32, standardOutput: Data, standardError: String) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public var summary: String { "exit \(status); stderr: \(standardError.isEmpty ? "(empty)" : standardError)" }

    /// This result when the program exited 0; else throws with its stderr.
    @discardableResult
    public func succeeded(_ command: @autoclosure () -> String) throws -> ProcessResult {
        guard status == 0 else { throw SubprocessFailure(command: command(), result: self) }
        return self
    }
}

public struct SubprocessFailure: Error, CustomStringConvertible {
    public var command: String
    public var result: ProcessResult
    public var description: String { "\(command) failed: \(result.summary)" }

    public init(command: String, result: ProcessResult) {
        self.command = command
        self.result = result
    }
}

/// The one way the tests run programs: to their end, stdin closed, stdout and stderr captured
/// in files (no pipe can fill up or be held open by a grandchild), killed after a time limit.
public enum Subprocess {
    /// ffmpeg's quiet prefix: no stdin, errors only, overwrite.
    public static let ffmpegQuiet = ["ffmpeg", "-nostdin", "-v", "error", "-y"]

    /// Runs `arguments[0]` (looked up on the PATH, or an absolute path) with the rest as its
    /// arguments, in `folder`, with `environment` added to this process's, and waits here.
    /// After `timeoutSeconds` (when given) the program gets SIGTERM, 10 s later SIGKILL, and the
    /// status is 124.
    public static func runBlocking(
        _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:],
        timeoutSeconds: Int? = 300
    ) throws -> ProcessResult {
        // Output goes to files, outside any folder a test lists.
        let capture = try TemporaryFolder(prefix: "soundtrack-io")
        let outputPath = capture.path("stdout")
        let errorPath = capture.path("stderr")
        let command = timeoutSeconds.map { ["/usr/bin/timeout", "--kill-after=10", String($0)] } ?? []
        let status = try Spawn.run(
            command + arguments, in: folder, environment: environment, output: outputPath, errors: errorPath)
        return ProcessResult(
            status: status, standardOutput: (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data(),
            standardError: String(
                decoding: (try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data(), as: UTF8.self))
    }

    /// `runBlocking` on a thread of its own, at most one program per core at a time, so that a
    /// parallel test run does not start dozens of encoders on a two-core machine.
    public static func run(
        _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:],
        timeoutSeconds: Int? = 300
    ) async throws -> ProcessResult {
        await ProcessSlots.shared.acquire()
        do {
            let result = try await onThread {
                try runBlocking(arguments, in: folder, environment: environment, timeoutSeconds: timeoutSeconds)
            }
            await ProcessSlots.shared.release()
            return result
        } catch {
            await ProcessSlots.shared.release()
            throw error
        }
    }

    /// Runs the `soundtrack` binary under test.
    public static func soundtrack(
        _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]
    ) async throws -> ProcessResult {
        try await run([TestEnvironment.binary] + arguments, in: folder, environment: environment)
    }

    /// Runs ffmpeg quietly in `folder`; throws with its stderr when it fails.
    public static func ffmpeg(_ arguments: [String], in folder: URL) async throws {
        try await run(ffmpegQuiet + arguments, in: folder).succeeded("ffmpeg \(arguments)")
    }

    /// Runs ffmpeg quietly in `folder` and waits here; throws with its stderr when it fails.
    public static func ffmpegBlocking(_ arguments: [String], in folder: URL? = nil) throws {
        try runBlocking(ffmpegQuiet + arguments, in: folder).succeeded("ffmpeg \(arguments)")
    }

    /// Runs blocking work on a new thread, off the concurrency pool's few threads.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: work)) }.start()
        }
    }
}

/// A counting semaphore for subprocesses.
actor ProcessSlots {
    static let shared = ProcessSlots(count: max(1, ProcessInfo.processInfo.activeProcessorCount))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
