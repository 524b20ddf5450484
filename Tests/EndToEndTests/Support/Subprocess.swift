import Foundation

/// What a finished program left behind.
struct ProcessResult: Sendable {
    /// Exit status; 128 + N when signal N killed it; 124 when it ran out of time.
    var status: Int32
    var standardOutput: Data
    var standardError: String

    var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }

    /// Lines of stderr that are not routine log lines (swift-log's `<date> info|notice|debug ...`).
    var messageLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { line in
            guard let first = line.first, first.isNumber else { return true }
            let fields = line.split(separator: " ", maxSplits: 2)
            return fields.count < 2 || !["trace", "debug", "info", "notice"].contains(String(fields[1]))
        }
    }

    var summary: String { "exit \(status); stderr: \(standardError.isEmpty ? "(empty)" : standardError)" }
}

/// Runs programs as subprocesses, at most one per core at a time, so that a parallel test run
/// does not start dozens of encoders on a two-core machine.
enum Subprocess {
    /// Runs `arguments[0]` (looked up on the PATH) with the rest as its arguments, stdin closed,
    /// stdout and stderr captured, killed after `timeoutSeconds`.
    static func run(
        _ arguments: [String], in folder: URL? = nil, timeoutSeconds: Int = 300
    ) async throws -> ProcessResult {
        await ProcessSlots.shared.acquire()
        do {
            let result = try await launch(arguments, in: folder, timeoutSeconds: timeoutSeconds)
            await ProcessSlots.shared.release()
            return result
        } catch {
            await ProcessSlots.shared.release()
            throw error
        }
    }

    /// Runs the `soundtrack` binary under test.
    static func soundtrack(_ arguments: [String], in folder: URL? = nil) async throws -> ProcessResult {
        try await run([TestEnvironment.binary] + arguments, in: folder)
    }

    /// Runs ffmpeg quietly; throws with its stderr when it fails.
    static func ffmpeg(_ arguments: [String], in folder: URL) async throws {
        let result = try await run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments, in: folder)
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg \(arguments)", result: result) }
    }

    private static func launch(_ arguments: [String], in folder: URL?, timeoutSeconds: Int) async throws
        -> ProcessResult
    {
        // Output goes to files, outside any folder a test lists, so no pipe can fill up.
        let capture = try TemporaryFolder(prefix: "soundtrack-io")
        let outputURL = capture.appending("stdout")
        let errorURL = capture.appending("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=10", String(timeoutSeconds)] + arguments
        if let folder { process.currentDirectoryURL = folder }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                let status = finished.terminationStatus
                continuation.resume(returning: finished.terminationReason == .uncaughtSignal ? 128 + status : status)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return ProcessResult(
            status: status, standardOutput: try Data(contentsOf: outputURL),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }
}

struct SubprocessFailure: Error, CustomStringConvertible {
    var command: String
    var result: ProcessResult
    var description: String { "\(command) failed: \(result.summary)" }
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
