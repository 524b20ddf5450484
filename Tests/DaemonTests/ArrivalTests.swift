import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Files arriving in every way people and programs deliver them are each processed exactly once,
/// from the complete file.
@Suite("Daemon: arrivals", .serialized, .timeLimit(.minutes(5)))
struct ArrivalTests {
    /// Checks that each of `names` (paths relative to the drop folder) was done exactly once, from
    /// a file of the clip's full size, into exactly one output, and that nothing else was done.
    private func expectEachDoneOnce(_ harness: DaemonHarness, _ names: [String]) throws {
        let jobs = try harness.jobs()
        for name in names {
            let path = harness.input.appending(path: name).path
            let done = jobs.filter { $0.path == path && $0.state == "done" }
            #expect(done.count == 1, "\(name): \(jobs.filter { $0.path == path })")
            #expect(done.first?.size == Int64(TinyClip.data.count), "\(name) was taken before it was complete")
        }
        #expect(jobs.filter { $0.state == "done" }.count == names.count, "\(jobs.map { ($0.path, $0.state) })")
        let outputs = harness.files(in: harness.output)
        #expect(outputs.count == names.count, "outputs: \(outputs)")
        #expect(!outputs.contains { FolderName.last($0).hasPrefix(".") }, "hidden leftovers: \(outputs)")
    }

    @Test("slow writer, half write with a pause, mv, ln, rsync-style temp name, temporary names")
    func arrivalKinds() async throws {
        // The settle time is well above the writers' pauses (0.4 s and 0.7 s), even on a busy machine.
        let harness = try DaemonHarness(settleSeconds: 3)
        let staging = harness.root.appending(path: "staging", directoryHint: .isDirectory)
        try await harness.start()
        let clip = TinyClip.data

        // A slow writer: a quarter of the file every 0.4 s, through one open descriptor. Written on
        // a thread of its own, so that the pauses stay short however busy the test process is.
        let slowPath = harness.input.appending(path: "slow.mp4").path
        let halfPath = harness.input.appending(path: "half.mp4")
        try await onThread {
            let fd = open(slowPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let size = clip.count / 4
            for quarter in 0..<4 {
                let part = clip.subdata(in: quarter * size..<(quarter == 3 ? clip.count : (quarter + 1) * size))
                _ = part.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                usleep(400_000)
            }
            close(fd)

            // Half, closed, a pause shorter than the settle time, then the rest appended.
            try clip.prefix(clip.count / 2).write(to: halfPath)
            usleep(700_000)
            let append = try FileHandle(forWritingTo: halfPath)
            append.seekToEndOfFile()
            append.write(clip.suffix(from: clip.count / 2))
            try append.close()
        }

        // mv and ln from a folder outside the drop folder on the same file system.
        let moved = try TinyClip.staged(in: staging, name: "moved.mp4")
        #expect(rename(moved.path, harness.input.appending(path: "moved.mp4").path) == 0)
        let linked = try TinyClip.staged(in: staging, name: "linked.mp4")
        #expect(link(linked.path, harness.input.appending(path: "linked.mp4").path) == 0)

        // rsync writes .NAME.XXXXXX then renames it.
        let source = try TinyClip.staged(in: staging, name: "synced.mp4")
        if TestEnvironment.hasTool("rsync") {
            let rsync = try Subprocess.runBlocking(["rsync", source.path, harness.input.path + "/"])
            #expect(rsync.status == 0, "\(rsync.standardError)")
        } else {
            let temporary = harness.input.appending(path: ".synced.mp4.Ab12Cd")
            try clip.write(to: temporary)
            #expect(rename(temporary.path, harness.input.appending(path: "synced.mp4").path) == 0)
        }

        // A browser download: written as .crdownload, renamed when complete; and a .part that stays.
        let download = harness.input.appending(path: "download.mp4.crdownload")
        try clip.write(to: download)
        try await Task.sleep(for: .milliseconds(500))
        #expect(rename(download.path, harness.input.appending(path: "download.mp4").path) == 0)
        try clip.prefix(1000).write(to: harness.input.appending(path: "unfinished.mp4.part"))
        try clip.write(to: harness.input.appending(path: ".hidden.mp4"))

        let names = ["slow.mp4", "half.mp4", "moved.mp4", "linked.mp4", "synced.mp4", "download.mp4"]
        #expect(await harness.waitForDone(names.count, seconds: 150), "\(harness.logText)")
        // Give a late duplicate time to show up before counting.
        try await Task.sleep(for: .seconds(2))
        try expectEachDoneOnce(harness, names)
        #expect(await harness.stop() == 0)
    }

    @Test("files present before start and nested folders made after start")
    func startupScanAndNestedFolders() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        try TinyClip.write(to: harness.input.appending(path: "early.mp4"))
        try TinyClip.write(to: harness.input.appending(path: "old/deep/early2.mp4"))
        try await harness.start()
        // A nested tree created in one go after start (the inner file may land before the watch).
        try TinyClip.write(to: harness.input.appending(path: "new/a/b/late.mp4"))
        try await Task.sleep(for: .milliseconds(300))
        try TinyClip.write(to: harness.input.appending(path: "new/a/b/later.mp4"))
        let names = ["early.mp4", "old/deep/early2.mp4", "new/a/b/late.mp4", "new/a/b/later.mp4"]
        #expect(await harness.waitForDone(names.count, seconds: 120), "\(harness.logText)")
        try await Task.sleep(for: .seconds(1))
        try expectEachDoneOnce(harness, names)
        #expect(harness.files(in: harness.output).contains("new/a/b/late.soundtrack.mp4"))
        #expect(await harness.stop() == 0)
    }

    @Test("polling mode finds files without inotify, once each, and a restart redoes nothing")
    func pollingMode() async throws {
        let harness = try DaemonHarness(daemon: ["mode = \"poll\"", "poll_seconds = 0.5"], settleSeconds: 1)
        try await harness.start()
        #expect(harness.logText.contains("polling mode"))
        try TinyClip.write(to: harness.input.appending(path: "polled.mp4"))
        try TinyClip.write(to: harness.input.appending(path: "sub/polled2.mp4"))
        #expect(await harness.waitForDone(2, seconds: 90), "\(harness.logText)")
        #expect(await harness.stop() == 0)

        try await harness.start()
        try await Task.sleep(for: .seconds(3))
        try expectEachDoneOnce(harness, ["polled.mp4", "sub/polled2.mp4"])
        #expect(await harness.stop() == 0)
    }
}

/// Runs blocking work on a thread of its own (not the test's cooperative pool) and waits for it.
func onThread(_ work: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        Thread {
            do {
                try work()
                continuation.resume()
            } catch {
                continuation.resume(throwing: error)
            }
        }.start()
    }
}

enum FolderName {
    static func last(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
