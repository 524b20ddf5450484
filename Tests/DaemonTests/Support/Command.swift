import Foundation

/// Runs the `soundtrack` binary (or another program) to its end and keeps what it printed.
struct CommandResult {
    var status: Int32
    var output: String
    var errors: String

    static func soundtrack(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try run(DaemonBinary.path, arguments, environment: environment)
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> CommandResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both to the end before waiting, so that neither pipe fills and blocks the child.
        let errorData = PipeReading(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData.value, as: UTF8.self))
    }
}

/// Reads a pipe to its end on another thread; `value` waits for it.
final class PipeReading: @unchecked Sendable {
    // Written once on the reading thread before `done` is signalled, read after waiting.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    var value: Data {
        done.wait()
        done.signal()
        return data
    }
}
