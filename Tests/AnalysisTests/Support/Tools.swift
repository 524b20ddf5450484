import Foundation
import Testing

/// Runs command-line tools the tests need (ffmpeg, the shared scene-f1 checker).
enum Tools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program found on the PATH (or at an absolute path); returns its stdout, throws on
    /// a non-zero exit with its stderr.
    @discardableResult
    static func run(_ arguments: [String], allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 && !allowFailure {
            throw Failure(
                description: "\(arguments.prefix(3).joined(separator: " ")) exited \(process.terminationStatus): "
                    + String(decoding: errData.suffix(600), as: UTF8.self))
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// The shared folder beside the repository (`../shared`), found from this source file.
    static let shared: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, AnalysisTests, Tests, repository
        return url.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static var sceneF1: URL? {
        let url = shared.appendingPathComponent("tools/scene-f1")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// F1 of `predicted` against `truth` within 0.1 s, as `../shared/tools/scene-f1` computes it.
    static func sceneF1(
        predicted: [Double], truth: [Double], tolerance: Double = 0.1, in folder: URL
    ) throws -> (f1: Double, report: String) {
        guard let tool = sceneF1 else { throw Failure(description: "scene-f1 is absent") }
        let predictedFile = folder.appendingPathComponent("predicted-\(UUID().uuidString).txt")
        let truthFile = folder.appendingPathComponent("truth-\(UUID().uuidString).txt")
        try predicted.map { String($0) }.joined(separator: "\n").appending("\n").write(to: predictedFile, atomically: true, encoding: .utf8)
        try truth.map { String($0) }.joined(separator: "\n").appending("\n").write(to: truthFile, atomically: true, encoding: .utf8)
        let output = try run([tool.path, predictedFile.path, truthFile.path, "--tol", String(tolerance)], allowFailure: true)
        let last = output.split(separator: "\n").last.map(String.init) ?? "{}"
        let json = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        guard let f1 = json?["f1"] as? Double else { throw Failure(description: "scene-f1 said: \(output)") }
        return (f1, last)
    }

    static var hasFFmpeg: Bool {
        (try? run(["ffmpeg", "-version"])) != nil
    }
}

/// A scratch folder for generated media, removed when the process ends is not needed: the
/// system's temporary folder is cleaned by the OS; each test run uses its own.
enum Scratch {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("soundtrack-analysis-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
}
