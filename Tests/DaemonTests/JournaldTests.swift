import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Under systemd, stderr is the journal's stream: lines carry their syslog priority.
@Suite("Daemon: journald priorities and output access", .serialized, .timeLimit(.minutes(2)))
struct JournaldTests {
    /// "DEVICE:INODE" of a file, as systemd puts it in JOURNAL_STREAM.
    static func streamID(_ url: URL) throws -> String {
        var status = stat()
        try #require(stat(url.path, &status) == 0)
        return "\(status.st_dev):\(status.st_ino)"
    }

    @Test("with JOURNAL_STREAM naming stderr: <3> on a failure, <5> on notices, no timestamps")
    func priorities() async throws {
        let harness = try DaemonHarness(daemon: ["attempts = 1"])
        _ = FileManager.default.createFile(atPath: harness.log.path, contents: nil)
        try await harness.start(environment: ["JOURNAL_STREAM": try Self.streamID(harness.log)], waitForReady: false)
        #expect(await harness.waitFor(seconds: 30) { harness.logText.contains("<5>watching") }, "\(harness.logText)")
        // A newline and an escape in the name: shown escaped, never a line or a colour of its own.
        try Data("not a video".utf8).write(to: harness.input.appending(path: "bro\nken\u{1B}.mp4"))
        #expect(await harness.waitFor(seconds: 30) { harness.jobs(in: "failed").count == 1 }, "\(harness.logText)")
        #expect(await harness.stop() == 0)

        let lines = harness.logText.split(separator: "\n")
        let failure = lines.first { $0.contains("failed; moved to the failed folder") }
        #expect(failure?.hasPrefix("<3>") == true, "\(lines)")
        #expect(failure?.contains("bro\\nken\\x1B.mp4") == true, "\(lines)")
        #expect(!harness.logText.contains("\u{1B}"))
        #expect(lines.contains { $0.hasPrefix("<6>queued") }, "\(lines)")
        #expect(lines.allSatisfy { $0.first == "<" && $0.dropFirst(2).first == ">" }, "\(lines)")
        #expect(!lines.contains { $0.range(of: #"^<\d>\d{4}-\d\d-\d\d"#, options: .regularExpression) != nil })
    }

    @Test("a JOURNAL_STREAM that is not stderr (inherited by a redirected child) changes nothing")
    func notTheJournal() async throws {
        let harness = try DaemonHarness()
        try await harness.start(environment: ["JOURNAL_STREAM": "1:1"])
        #expect(await harness.stop() == 0)
        #expect(!harness.logText.contains("<5>"), "\(harness.logText)")
    }

    @Test("outputs get the input's group and 0640 by default, or what output_mode and output_group say")
    func outputAccess() async throws {
        let harness = try DaemonHarness(watch: [])
        try await harness.start()
        let staged = try TinyClip.staged(in: harness.root, name: "a.mp4")
        #expect(chown(staged.path, 0, 100) == 0)
        #expect(rename(staged.path, harness.input.appending(path: "a.mp4").path) == 0)
        #expect(await harness.waitForDone(1), "\(harness.logText)")
        var status = stat()
        #expect(stat(harness.output.appending(path: "a.soundtrack.mp4").path, &status) == 0)
        #expect(status.st_gid == 100)
        #expect(status.st_mode & 0o777 == 0o640)
        #expect(await harness.stop() == 0)

        try harness.writeConfig(daemon: ["settle_seconds = 1"], watch: ["output_mode = \"0644\"", "output_group = \"root\""])
        try await harness.start()
        let second = try TinyClip.staged(in: harness.root, name: "b.mp4")
        #expect(chown(second.path, 0, 100) == 0)
        #expect(rename(second.path, harness.input.appending(path: "b.mp4").path) == 0)
        #expect(await harness.waitForDone(2), "\(harness.logText)")
        #expect(stat(harness.output.appending(path: "b.soundtrack.mp4").path, &status) == 0)
        #expect(status.st_gid == 0)
        #expect(status.st_mode & 0o777 == 0o644)
        #expect(await harness.stop() == 0)
    }
}
