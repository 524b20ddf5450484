import Foundation
import TestSupport

/// The verdict of `../shared/tools/check-output`.
struct CheckOutputVerdict: Sendable {
    var status: Int32
    /// The tool's last stdout line: a JSON object with the figures.
    var figures: String
    var pass: Bool
    var failed: [String]

    static func run(input: URL, output: URL, extra: [String] = []) async throws -> CheckOutputVerdict {
        let result = try await Subprocess.run(
            [TestEnvironment.checkOutput.path, input.path, output.path] + extra, timeoutSeconds: 600)
        let lastLine = result.standardOutputText.split(separator: "\n").last.map(String.init) ?? ""
        struct Figures: Decodable {
            var pass: Bool
            var failed: [String]?
            var error: String?
        }
        let figures = try? JSONDecoder().decode(Figures.self, from: Data(lastLine.utf8))
        return CheckOutputVerdict(
            status: result.status, figures: lastLine.isEmpty ? result.summary : lastLine,
            pass: figures?.pass ?? false, failed: figures?.failed ?? [figures?.error ?? "no JSON line"])
    }
}

/// Enough about a file to tell whether anyone touched it: its bytes, inode and modification time.
struct FileFingerprint: Equatable, Sendable {
    var bytes: Data
    var inode: UInt64
    var modified: Date

    init(_ file: URL) throws {
        bytes = try Data(contentsOf: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        modified = attributes[.modificationDate] as? Date ?? .distantPast
    }
}
