import Foundation
import Testing

/// A short media file made by the ffmpeg CLI once per test run, in a folder removed when the test
/// process exits. Library tests only read fixtures, so every test shares the one copy.
struct Fixture: Sendable, CustomTestStringConvertible {
    var id: String
    var fileName: String
    var textFiles: [String: String] = [:]
    /// ffmpeg argument lists run in order in the fixture's own folder; the last writes `fileName`.
    var steps: [[String]]

    var testDescription: String { id }

    /// The path of the fixture, generating it the first time.
    func path() async throws -> String {
        try await FixtureCache.shared.file(for: self).path
    }
}

extension Fixture {
    static let seconds = 4.0

    static func testPattern(size: String = "320x240", rate: Int = 25) -> [String] {
        ["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=\(rate):duration=\(Int(seconds))"]
    }

    static func sine(hertz: Int = 1000, rate: Int = 48_000) -> [String] {
        ["-f", "lavfi", "-i", "sine=frequency=\(hertz):sample_rate=\(rate):duration=\(Int(seconds))"]
    }

    /// Silence with one 2 ms click of full scale at `seconds` (in the audio's own time).
    static func click(at seconds: Double, rate: Int = 48_000) -> [String] {
        [
            "-f", "lavfi", "-i",
            "aevalsrc=exprs='if(lt(abs(t-\(seconds)),0.001),0.9,0)':s=\(rate):d=\(Int(Self.seconds))",
        ]
    }

    static let x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
}

enum FFmpegCLI {
    /// Runs ffmpeg in `folder` and throws with its messages when it fails.
    static func run(_ arguments: [String], in folder: URL) async throws {
        let errors = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        // ffmpeg at `-v error` writes little; the pipe holds it all.
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else { throw FixtureFailure(arguments: arguments, message: message) }
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var arguments: [String]
    var message: String
    var description: String { "ffmpeg \(arguments.joined(separator: " ")) failed: \(message)" }
}

/// Makes each fixture once per test process.
actor FixtureCache {
    static let shared = FixtureCache()

    private static let folder: String = {
        var template = Array("\(NSTemporaryDirectory())/soundtrack-mediaio-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let path = String(cString: made!)
        atexit { try? FileManager.default.removeItem(atPath: FixtureCache.folder) }
        return path
    }()

    private var made: [String: Task<URL, any Error>] = [:]

    func file(for fixture: Fixture) async throws -> URL {
        if let task = made[fixture.id] { return try await task.value }
        let folder = URL(fileURLWithPath: Self.folder).appending(path: "\(made.count)", directoryHint: .isDirectory)
        let task = Task {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in fixture.textFiles {
                try Data(text.utf8).write(to: folder.appending(path: name))
            }
            for step in fixture.steps {
                try await FFmpegCLI.run(step, in: folder)
            }
            return folder.appending(path: fixture.fileName)
        }
        made[fixture.id] = task
        return try await task.value
    }
}
