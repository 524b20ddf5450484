import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Failed jobs given another chance: by `soundtrack retry`, with the daemon running or stopped,
/// and by moving the file back from the failed folder by hand.
///
/// The jobs fail for a reason an administrator can fix: the SoundFont named by
/// SOUNDTRACK_SOUNDFONT is missing. Once it is there, the retried jobs succeed.
@Suite("Daemon: retry", .serialized, .timeLimit(.minutes(3)))
struct RetryTests {
    static let font = "/usr/share/sounds/sf2/TimGM6mb.sf2"

    static func failTwo(_ harness: DaemonHarness, fontLink: URL) async throws {
        try await harness.start(environment: ["SOUNDTRACK_SOUNDFONT": fontLink.path])
        try TinyClip.write(to: harness.input.appending(path: "a.mp4"))
        try TinyClip.write(to: harness.input.appending(path: "sub/b.mp4"))
        let failed = await harness.waitFor(seconds: 60) { harness.jobs(in: "failed").count == 2 }
        try #require(failed, "\(harness.logText)")
        #expect(harness.files(in: harness.failed) == ["a.mp4", "a.mp4.error.json", "sub/b.mp4", "sub/b.mp4.error.json"])
    }

    @Test("retry NAME while the daemon runs, and a file moved back by hand, are both taken again")
    func whileRunning() async throws {
        let harness = try DaemonHarness(daemon: ["attempts = 1"])
        let fontLink = harness.root.appending(path: "font.sf2")
        try await Self.failTwo(harness, fontLink: fontLink)
        try FileManager.default.createSymbolicLink(atPath: fontLink.path, withDestinationPath: Self.font)

        let retried = try CommandResult.soundtrack(["retry", "--config", harness.config.path, "sub/b.mp4"])
        #expect(retried.status == 0, "\(retried.errors)")
        #expect(retried.output.contains("queued again"), "\(retried.output)")
        // Moved back with mv: the same file, same modification time, as the journal knew it.
        #expect(rename(harness.failed.appending(path: "a.mp4").path, harness.input.appending(path: "a.mp4").path) == 0)

        #expect(await harness.waitForDone(2, seconds: 60), "\(harness.logText)")
        #expect(harness.files(in: harness.output) == ["a.soundtrack.mp4", "sub/b.soundtrack.mp4"])
        #expect(!harness.files(in: harness.failed).contains("sub/b.mp4.error.json"))
        #expect(harness.jobs(in: "done").allSatisfy { $0.attempts == 1 })
        let unknown = try CommandResult.soundtrack(["retry", "--config", harness.config.path, "nothing.mp4"])
        #expect(unknown.status == 66)
        #expect(await harness.stop() == 0)
    }

    @Test("retry --all-failed while the daemon is stopped: taken at the next start")
    func whileStopped() async throws {
        let harness = try DaemonHarness(daemon: ["attempts = 1"])
        let fontLink = harness.root.appending(path: "font.sf2")
        try await Self.failTwo(harness, fontLink: fontLink)
        #expect(await harness.stop() == 0)
        try FileManager.default.createSymbolicLink(atPath: fontLink.path, withDestinationPath: Self.font)

        let retried = try CommandResult.soundtrack(["retry", "--config", harness.config.path, "--all-failed"])
        #expect(retried.status == 0, "\(retried.errors)")
        #expect(harness.files(in: harness.input) == ["a.mp4", "sub/b.mp4"])
        #expect(harness.jobs(in: "queued").count == 2)

        try await harness.start(environment: ["SOUNDTRACK_SOUNDFONT": fontLink.path])
        #expect(await harness.waitForDone(2, seconds: 60), "\(harness.logText)")
        #expect(harness.files(in: harness.failed).isEmpty)
        #expect(await harness.stop() == 0)
    }
}
