import Foundation
import TestSupport
import Testing

/// The units in systemd/ pass systemd's own checks, which run here without systemd running.
@Suite("systemd units", .enabled(if: TestEnvironment.hasTool("systemd-analyze"), "systemd-analyze is not installed"))
struct SystemdUnitTests {
    static let units = ["soundtrack.service", "soundtrack@.service"]

    private static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let result = try Subprocess.runBlocking(["systemd-analyze"] + arguments, in: folder)
        return (result.status, result.standardOutputText + result.standardError)
    }

    @Test("systemd-analyze security --offline=true scores 2.0 or better", arguments: units)
    func security(unit: String) throws {
        let folder = TestEnvironment.packageRoot.appending(path: "systemd")
        let result = try Self.run(
            ["security", "--offline=true", "--no-pager", "--threshold=20", unit], in: folder)
        let line = result.output.split(separator: "\n").last { $0.contains("Overall exposure level") } ?? ""
        let score = line.split(separator: " ").compactMap { Double($0) }.first
        #expect(score != nil, "\(result.output)")
        #expect((score ?? 10) <= 2.0, "\(line)")
        #expect(result.status == 0)
    }

    /// `verify` checks that ExecStart's binary exists, so it runs against a small root folder
    /// holding the units, the binary where the unit expects it, sh (ExecReload's signal), and
    /// systemd's own units.
    @Test("systemd-analyze verify prints nothing", arguments: units)
    func verify(unit: String) throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "soundtrack-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        for folder in ["usr/local/bin", "bin", "etc/systemd/system", "usr/lib/systemd"] {
            try manager.createDirectory(at: root.appending(path: folder), withIntermediateDirectories: true)
        }
        try manager.copyItem(
            atPath: TestEnvironment.binary, toPath: root.appending(path: "usr/local/bin/soundtrack").path)
        try manager.copyItem(
            atPath: URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().path,
            toPath: root.appending(path: "bin/sh").path)
        try manager.copyItem(
            atPath: "/usr/lib/systemd/system", toPath: root.appending(path: "usr/lib/systemd/system").path)
        for name in Self.units {
            try manager.copyItem(
                at: TestEnvironment.packageRoot.appending(path: "systemd/\(name)"),
                to: root.appending(path: "etc/systemd/system/\(name)"))
        }
        let instance = unit.replacingOccurrences(of: "@.", with: "@example.")
        let result = try Self.run(["verify", "--man=no", "--root=\(root.path)", instance], in: root)
        #expect(result.output.isEmpty, "\(result.output)")
    }
}
