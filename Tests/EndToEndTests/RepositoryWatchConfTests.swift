import Foundation
import TestSupport
import Testing

/// The repository's own watch.conf, as `make daemon` uses it: a working drop folder beside the
/// file, with watch.conf.example's explanations.
@Suite("The repository's watch.conf and make daemon")
struct RepositoryWatchConfTests {
    static let root = TestEnvironment.packageRoot

    static func lines(_ name: String) throws -> [String] {
        try String(contentsOf: root.appending(path: name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The text after `#` on each line (the explanations), trimmed.
    static func comments(_ lines: [String]) -> Set<String> {
        Set(
            lines.compactMap { line in
                line.firstIndex(of: "#").map { line[line.index(after: $0)...].trimmingCharacters(in: .whitespaces) }
            }.filter { !$0.isEmpty })
    }

    @Test("watch.conf keeps every comment of watch.conf.example and names folders under the repository")
    func keepsTheExplanations() throws {
        let conf = try Self.lines("watch.conf")
        let missing = Self.comments(try Self.lines("watch.conf.example")).subtracting(Self.comments(conf))
        #expect(missing.isEmpty, "comments of watch.conf.example missing from watch.conf: \(missing.sorted())")
        for key in ["input", "output", "failed", "journal"] {
            let line = conf.first { $0.hasPrefix("\(key) = ") } ?? ""
            #expect(line.hasPrefix("\(key) = \"drop/"), "\(key) should be a relative path under drop/: \(line)")
        }
    }

    /// `make daemon` run in a copy of the repository's watch.conf: a video dropped into drop/in
    /// comes out in drop/out, and SIGTERM stops it.
    @Test("make daemon gives a dropped video a soundtrack in drop/out")
    func makeDaemon() async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-make-daemon")
        try FileManager.default.copyItem(at: Self.root.appending(path: "watch.conf"), to: folder.appending("watch.conf"))
        let log = folder.appending("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }

        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = [
            "make", "--no-print-directory", "-f", Self.root.appending(path: "Makefile").path,
            "BIN=\(TestEnvironment.binary)", "daemon",
        ]
        make.currentDirectoryURL = folder.url
        make.standardInput = FileHandle.nullDevice
        make.standardOutput = logHandle
        make.standardError = logHandle
        try make.run()
        defer { if make.isRunning { make.terminate() } }

        // The folders appear when make has made them; the video goes in through a rename, as a
        // finished upload would.
        let input = folder.appending("drop/in")
        try await Self.waitFor(seconds: 60) { FileManager.default.fileExists(atPath: input.path) }
        let clip = try await Clip.h264AAC.copy(into: folder.url)
        try FileManager.default.moveItem(at: clip, to: input.appending(path: "clip.mp4"))

        let output = folder.appending("drop/out/clip.soundtrack.mp4")
        let arrived = try await Self.waitFor(seconds: 150) {
            FileManager.default.fileExists(atPath: output.path) || !make.isRunning
        }
        let text = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(arrived && FileManager.default.fileExists(atPath: output.path), "no output; the log: \(text())")
        #expect(FileManager.default.fileExists(atPath: folder.appending("drop/journal.sqlite").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appending("drop/failed").path).isEmpty)

        // make passes SIGTERM on to the daemon and waits for it.
        make.terminate()
        let stopped = try await Self.waitFor(seconds: 60) { !make.isRunning }
        #expect(stopped, "make daemon did not stop on SIGTERM; the log: \(text())")
        let probe = try await Subprocess.run([TestEnvironment.binary, "status", "--config", folder.appending("watch.conf").path])
        #expect(probe.status == 0 && probe.standardOutputText.contains("clip.mp4"), "\(probe.summary)")
    }

    /// Polls `condition` every 200 ms; returns whether it held before `seconds` ran out.
    static func waitFor(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return condition()
    }
}
