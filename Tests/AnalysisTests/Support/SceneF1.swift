import Foundation
import TestSupport

/// `../shared/tools/scene-f1`: how well found cuts match the truth.
enum SceneF1 {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static var tool: URL? { TestEnvironment.sharedTool("scene-f1") }

    /// F1 of `predicted` against `truth` within `tolerance` seconds, as the tool computes it,
    /// with the tool's JSON line.
    static func score(predicted: [Double], truth: [Double], tolerance: Double = 0.1) throws -> (
        f1: Double, report: String
    ) {
        guard let tool else { throw Failure(description: "scene-f1 is absent") }
        let folder = try TemporaryFolder(prefix: "soundtrack-scene-f1")
        let predictedFile = folder.appending("predicted.txt")
        let truthFile = folder.appending("truth.txt")
        try predicted.map { String($0) }.joined(separator: "\n").appending("\n").write(
            to: predictedFile, atomically: true, encoding: .utf8)
        try truth.map { String($0) }.joined(separator: "\n").appending("\n").write(
            to: truthFile, atomically: true, encoding: .utf8)
        // A poor score is a non-zero exit: the JSON line is read either way.
        let output = try Subprocess.runBlocking([
            tool.path, predictedFile.path, truthFile.path, "--tol", String(tolerance),
        ])
        .standardOutputText
        let last = output.split(separator: "\n").last.map(String.init) ?? "{}"
        let json = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        guard let f1 = json?["f1"] as? Double else { throw Failure(description: "scene-f1 said: \(output)") }
        return (f1, last)
    }
}
