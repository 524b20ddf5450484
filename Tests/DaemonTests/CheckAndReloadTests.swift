import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `soundtrack check`, and the units' reload running it before SIGHUP.
@Suite("Daemon: check and reload", .serialized, .timeLimit(.minutes(2)))
struct CheckAndReloadTests {
    @Test("check: a good file exits 0; a bad one exits 78 naming every problem with its line")
    func check() throws {
        let harness = try DaemonHarness()
        let good = try CommandResult.soundtrack(["check", "--config", harness.config.path])
        #expect(good.status == 0, "\(good.errors)")
        #expect(good.output.contains("good"), "\(good.output)")

        let file = harness.root.appending(path: "bad.conf")
        let text = [
            "\u{FEFF}[daemon]",  // 1: a byte-order mark and CRLF ends are fine
            "workers = 0",  // 2
            "journal = \"\(harness.root.path)/state/j.sqlite\"",  // 3
            "colour = \"red\"",  // 4
            "",
            "[[watch]]",  // 6
            "input = \"\(harness.root.path)/missing\"",  // 7
            "output = \"\(harness.root.path)/missing/out\"",  // 8
            "failed = \"/etc/passwd/failed\"",  // 9
        ].joined(separator: "\r\n")
        try Data(text.utf8).write(to: file)
        let bad = try CommandResult.soundtrack(["check", "--config", file.path])
        #expect(bad.status == 78)
        for line in [2, 4, 7, 8, 9] {
            #expect(bad.errors.contains("\(file.path):\(line): "), "line \(line) not named: \(bad.errors)")
        }
        #expect(bad.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(harness.root.path)/state"), "check must create nothing")
    }

    /// The ExecReload= lines of a unit, as systemd runs them: in order, stopping at the first
    /// that fails, with $MAINPID in the environment.
    static func reloadCommands(unit: String, config: URL) throws -> [[String]] {
        let text = try String(
            contentsOf: TestEnvironment.packageRoot.appending(path: "systemd/\(unit)"), encoding: .utf8)
        return text.split(separator: "\n").filter { $0.hasPrefix("ExecReload=") }.map { line in
            var words: [String] = []
            var word = ""
            var quoted = false
            for character in line.dropFirst("ExecReload=".count) {
                if character == "'" {
                    quoted.toggle()
                } else if character == " ", !quoted {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                } else {
                    word.append(character)
                }
            }
            if !word.isEmpty { words.append(word) }
            return words.map { word in
                word.replacingOccurrences(of: "/usr/local/bin/soundtrack", with: TestEnvironment.binary)
                    .replacingOccurrences(of: "/usr/bin/soundtrack", with: TestEnvironment.binary)
                    .replacingOccurrences(of: "/etc/soundtrack/watch.conf", with: config.path)
                    .replacingOccurrences(of: "/etc/soundtrack/%i.conf", with: config.path)
            }
        }
    }

    static func reload(unit: String, harness: DaemonHarness) throws -> Int32 {
        for command in try reloadCommands(unit: unit, config: harness.config) {
            let result = try CommandResult.run(
                command[0], Array(command.dropFirst()), environment: ["MAINPID": "\(harness.pid)"])
            if result.status != 0 { return result.status }
        }
        return 0
    }

    @Test("the units' reload fails on a broken file and sends nothing; on a good one the daemon reloads",
          arguments: ["soundtrack.service", "soundtrack@.service"])
    func reload(unit: String) async throws {
        let harness = try DaemonHarness()
        let commands = try Self.reloadCommands(unit: unit, config: harness.config)
        #expect(commands.count >= 2, "\(commands)")
        #expect(!commands.contains { $0.first == "/bin/kill" }, "the reload must not need procps: \(commands)")
        try await harness.start()

        try harness.writeConfig(daemon: ["workers = 1", "bogus_key = 3"])
        #expect(try Self.reload(unit: unit, harness: harness) == 78)
        try await Task.sleep(for: .milliseconds(500))
        #expect(!harness.logText.contains("reload"), "a broken file must not reach the daemon: \(harness.logText)")

        let second = harness.root.appending(path: "in2")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try harness.writeConfig(
            daemon: ["workers = 1", "settle_seconds = 1"],
            extraWatches: [
                [
                    "input = \"\(second.path)\"", "output = \"\(harness.root.path)/out2\"",
                    "failed = \"\(harness.root.path)/failed2\"",
                ]
            ])
        #expect(try Self.reload(unit: unit, harness: harness) == 0)
        #expect(await harness.waitFor(seconds: 30) { harness.logText.contains("configuration reloaded") })
        #expect(harness.isRunning)
        #expect(await harness.stop() == 0)
    }
}
