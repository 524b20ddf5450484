import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(
    "Daemon: full disk", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: TestEnvironment.canMountTmpfsPrivately, "cannot mount a tmpfs in a private mount namespace here"))
struct FullDiskTests {
    /// The output folder is a full 8 MB tmpfs, private to the daemon. The job fails to write,
    /// says so, keeps the input and waits, its attempts not counted; once space is freed (through
    /// /proc/PID/root, the daemon's view of the mounts), it is done.
    @Test("a full output disk: clear error, input kept, nothing lost, work resumes when space returns")
    func fullDisk() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        try FileManager.default.createDirectory(at: harness.output, withIntermediateDirectories: true)
        let out = harness.output.path
        try await harness.start(
            privateSetup: "mount -t tmpfs -o size=8m tmpfs '\(out)' && (head -c 9000000 /dev/zero > '\(out)/filler' || true)")
        try TinyClip.write(to: harness.input.appending(path: "nospace.mp4"))
        let complained = await harness.waitFor(seconds: 60) { harness.logText.contains("cannot write the output") }
        #expect(complained, "\(harness.logText.suffix(3000))")
        #expect(harness.logText.contains("No space left") || harness.logText.contains("no space"))
        let jobs = try harness.jobs()
        #expect(jobs.count == 1)
        #expect(jobs.first?.state == "queued" || jobs.first?.state == "running", "\(jobs)")
        #expect(harness.files(in: harness.failed).isEmpty)
        #expect(FileManager.default.fileExists(atPath: harness.input.appending(path: "nospace.mp4").path))

        let view = "/proc/\(harness.pid)/root\(out)"
        #expect(unlink("\(view)/filler") == 0, "\(String(cString: strerror(errno)))")
        #expect(await harness.waitForDone(1, seconds: 60), "\(harness.logText.suffix(3000))")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: view)) ?? []
        #expect(written == ["nospace.soundtrack.mp4"])
        #expect(try harness.jobs().first?.attempts == 1, "the blocked tries did not count")
        #expect(await harness.stop() == 0)
    }
}

extension FullDiskTests {
    /// A read-only output folder (a read-only bind mount in the daemon's namespace; permissions
    /// alone do not stop root). Made writable again with nsenter, the job is done.
    @Test(
        "a read-only output folder: clear error, input kept, done once it is writable",
        .enabled(if: TestEnvironment.hasTool("nsenter")))
    func readOnlyOutput() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        try FileManager.default.createDirectory(at: harness.output, withIntermediateDirectories: true)
        let out = harness.output.path
        try await harness.start(privateSetup: "mount --bind '\(out)' '\(out)' && mount -o remount,bind,ro '\(out)'")
        try TinyClip.write(to: harness.input.appending(path: "readonly.mp4"))
        let complained = await harness.waitFor(seconds: 60) { harness.logText.contains("cannot write the output") }
        #expect(complained, "\(harness.logText.suffix(3000))")
        #expect(harness.logText.contains("Read-only") || harness.logText.contains("read-only"))
        #expect(harness.files(in: harness.failed).isEmpty)
        #expect(FileManager.default.fileExists(atPath: harness.input.appending(path: "readonly.mp4").path))

        let remount = try Subprocess.runBlocking([
            "nsenter", "-t", "\(harness.pid)", "-m", "mount", "-o", "remount,bind,rw", out,
        ])
        #expect(remount.status == 0, "\(remount.standardError)")
        #expect(await harness.waitForDone(1, seconds: 60), "\(harness.logText.suffix(3000))")
        #expect(harness.files(in: harness.output) == ["readonly.soundtrack.mp4"])
        #expect(await harness.stop() == 0)
    }
}

extension FullDiskTests {
    /// `after` names a folder on another file system, and that one is full: the input is copied
    /// there under a temporary name and only then given its name, so the failed copy leaves
    /// nothing behind and the input stays whole in the drop folder.
    @Test("after = a folder on a full disk: the input stays whole where it was, no partial copy in the folder")
    func fullAfterFolder() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        let done = harness.root.appending(path: "done", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: done, withIntermediateDirectories: true)
        try harness.writeConfig(daemon: ["settle_seconds = 0.5"], watch: ["after = \"\(done.path)\""])
        try await harness.start(
            privateSetup: "mount -t tmpfs -o size=1m tmpfs '\(done.path)' && (head -c 2000000 /dev/zero > '\(done.path)/filler' || true)")
        let input = harness.input.appending(path: "keepme.mp4")
        try TinyClip.write(to: input)
        #expect(await harness.waitForDone(1, seconds: 60), "\(harness.logText.suffix(3000))")
        let complained = await harness.waitFor(seconds: 30) { harness.logText.contains("could not move the input") }
        #expect(complained, "\(harness.logText.suffix(3000))")
        let view = "/proc/\(harness.pid)/root\(done.path)"
        #expect((try? FileManager.default.contentsOfDirectory(atPath: view)) == ["filler"], "no partial copy")
        #expect(try Data(contentsOf: input) == TinyClip.data, "the input is whole where it was")
        #expect(harness.files(in: harness.output) == ["keepme.soundtrack.mp4"])
        #expect(await harness.stop() == 0)
    }
}
