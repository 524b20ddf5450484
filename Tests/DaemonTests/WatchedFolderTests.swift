import Foundation
import TestSupport
import Testing

/// The watched folder itself changes under a running daemon: deleted and made again, a file
/// system mounted over it, or given as a symlink. inotify's watch stays with the folder it was set
/// on, so without looking again the daemon would go on watching a folder nobody writes to.
@Suite("Daemon: the watched folder replaced", .serialized, .timeLimit(.minutes(5)))
struct WatchedFolderTests {
    @Test("deleted: /healthz says it is gone; made again: files put in the new folder are done")
    func madeAgain() async throws {
        let port = StatusClient.freePort()
        let harness = try DaemonHarness(daemon: ["listen = \"127.0.0.1:\(port)\""])
        try await harness.start()
        #expect(await StatusClient.healthzOnceReady(port: port)?.status == 200, "\(harness.logText)")

        try FileManager.default.removeItem(at: harness.input)
        let gone = await harness.waitFor(seconds: 20) { harness.logText.contains("the watched folder is gone") }
        #expect(gone, "\(harness.logText)")
        let health = await StatusClient.get(port: port, "/healthz")
        #expect(health?.status == 503)
        let reason = "the watched folder \(harness.input.path) is gone"
        #expect(health?.body.contains(reason) == true, "\(String(describing: health))")

        try FileManager.default.createDirectory(at: harness.input, withIntermediateDirectories: false)
        let back = await harness.waitFor(seconds: 20) { harness.logText.contains("is another folder now") }
        #expect(back, "\(harness.logText)")
        try TinyClip.write(to: harness.input.appending(path: "after.mp4"))
        #expect(await harness.waitForDone(1), "\(harness.logText.suffix(3000))")
        #expect(await StatusClient.healthzOnceReady(port: port)?.status == 200)
        #expect(await harness.stop() == 0)
        #expect(harness.files(in: harness.output) == ["after.soundtrack.mp4"])
    }

    @Test("deleted and made again at once (the inode number may come back): its files are done")
    func madeAgainAtOnce() async throws {
        let harness = try DaemonHarness()
        try await harness.start()
        try FileManager.default.removeItem(at: harness.input)
        try FileManager.default.createDirectory(at: harness.input, withIntermediateDirectories: false)
        let back = await harness.waitFor(seconds: 20) { harness.logText.contains("is another folder now") }
        #expect(back, "\(harness.logText)")
        try TinyClip.write(to: harness.input.appending(path: "again.mp4"))
        #expect(await harness.waitForDone(1), "\(harness.logText.suffix(3000))")
        #expect(await harness.stop() == 0)
        #expect(harness.files(in: harness.output) == ["again.soundtrack.mp4"])
    }

    /// The mounts are made in the daemon's own mount namespace (`unshare`, then `nsenter`), so
    /// nothing outlives the test.
    @Test(
        "a file system mounted over it, then unmounted: files put there are done each time",
        .enabled(
            if: TestEnvironment.canMountTmpfsPrivately && TestEnvironment.hasTool("nsenter"),
            "cannot mount in a private mount namespace here"))
    func mountedOver() async throws {
        let harness = try DaemonHarness()
        let other = harness.root.appending(path: "other", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: false)
        try await harness.start(privateSetup: "true")
        func inDaemonNamespace(_ command: [String]) throws {
            let result = try Subprocess.runBlocking(["nsenter", "-t", "\(harness.pid)", "-m"] + command)
            #expect(result.status == 0, "\(result.standardError)")
        }

        try inDaemonNamespace(["mount", "--bind", other.path, harness.input.path])
        let mounted = await harness.waitFor(seconds: 20) { harness.logText.contains("is another folder now") }
        #expect(mounted, "\(harness.logText)")
        // The daemon sees `other` where its folder was.
        try TinyClip.write(to: other.appending(path: "mounted.mp4"))
        #expect(await harness.waitForDone(1), "\(harness.logText.suffix(3000))")

        try inDaemonNamespace(["umount", harness.input.path])
        let unmounted = await harness.waitFor(seconds: 20) {
            harness.logText.components(separatedBy: "is another folder now").count == 3
        }
        #expect(unmounted, "\(harness.logText)")
        try TinyClip.write(to: harness.input.appending(path: "under.mp4"))
        #expect(await harness.waitForDone(2), "\(harness.logText.suffix(3000))")
        #expect(await harness.stop() == 0)
        #expect(harness.files(in: harness.output) == ["mounted.soundtrack.mp4", "under.soundtrack.mp4"])
        #expect(Set(try harness.jobs().map(\.path)) == [
            harness.input.appending(path: "mounted.mp4").path, harness.input.appending(path: "under.mp4").path,
        ])
    }

    @Test("a watched folder named by a symlink to a folder: check passes, files put through it are done")
    func symlinked() async throws {
        let harness = try DaemonHarness()
        let real = harness.root.appending(path: "real", directoryHint: .isDirectory)
        try FileManager.default.moveItem(at: harness.input, to: real)
        try FileManager.default.createSymbolicLink(at: harness.input, withDestinationURL: real)
        let check = try Subprocess.runBlocking([TestEnvironment.binary, "check", "--config", harness.config.path])
        #expect(check.status == 0, "\(check.standardError)")

        try await harness.start()
        try TinyClip.write(to: harness.input.appending(path: "linked.mp4"))
        #expect(await harness.waitForDone(1), "\(harness.logText.suffix(3000))")
        #expect(await harness.stop() == 0)
        #expect(harness.files(in: harness.output) == ["linked.soundtrack.mp4"])
        #expect(FileManager.default.fileExists(atPath: real.appending(path: "linked.mp4").path))
    }
}
