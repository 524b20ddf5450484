import Foundation
import Testing

@testable import FolderWatcher

/// The watcher's event stream: events in order, and a reader that falls behind is told to rescan.
/// The tests that watch folders with inotify, one at a time: libinotifytools keeps one state
/// for the whole process, so two watchers in one test process would share (and break) it.
@Suite(.serialized)
struct InotifyTests {}

extension InotifyTests {
    @Suite("Inotify watcher's event stream", .timeLimit(.minutes(1)))
    struct InotifyWatcherTests {
        @Test("a full stream loses events and then asks for a rescan of every folder; it ends when the watcher stops")
        func fullStreamAsksForRescan() async throws {
            let root = FileManager.default.temporaryDirectory.appending(path: "watcher-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let watcher = InotifyWatcher(folders: [root], bufferLimit: 50)
            watcher.start()
            var events = watcher.events.makeAsyncIterator()
            // The watch is in place once its folder's first scan is asked for.
            #expect(await events.next() == .rescan(folder: root))

            // Nobody reads while 100 files are written: 200 events for a stream of 50. The owner
            // thread reads them all from the kernel meanwhile.
            for index in 0..<100 {
                try Self.write("\(root)/f\(index).mp4")
            }
            try await Task.sleep(for: .seconds(1.5))

            // The first 50 kept, in order; the rest lost, and a rescan of every folder instead.
            var kept: [WatchEvent] = []
            for _ in 0..<50 { kept.append(try #require(await events.next())) }
            let expected = (0..<25).flatMap { index in
                [WatchEvent.created(path: "\(root)/f\(index).mp4"), .finished(path: "\(root)/f\(index).mp4")]
            }
            #expect(kept == expected)
            #expect(await events.next() == .rescan(folder: nil))
            // Then events flow again, in order.
            try Self.write("\(root)/last.mp4")
            #expect(await events.next() == .created(path: "\(root)/last.mp4"))
            #expect(await events.next() == .finished(path: "\(root)/last.mp4"))

            watcher.stop()
            // The stream ends with the owner thread (within a second).
            while await events.next() != nil {}
            #expect(watcher.hasFinished)
        }

        @Test("a watched folder deleted is reported gone; made again, it is reported replaced and watched anew")
        func folderMadeAgain() async throws {
            let root = FileManager.default.temporaryDirectory.appending(path: "watcher-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let watcher = InotifyWatcher(folders: [root])
            watcher.start()
            defer { watcher.stop() }
            var events = watcher.events.makeAsyncIterator()
            #expect(await events.next() == .rescan(folder: root))

            try FileManager.default.removeItem(atPath: root)
            #expect(await events.next() == .gone(folder: root))
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
            #expect(await events.next() == .replaced(folder: root))
            try Self.write("\(root)/new.mp4")
            #expect(await events.next() == .created(path: "\(root)/new.mp4"))
            #expect(await events.next() == .finished(path: "\(root)/new.mp4"))

            // Deleted and made again between two looks (the new folder may even get the old
            // one's inode number): the kernel's word that the watched folder went is enough.
            try FileManager.default.removeItem(atPath: root)
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
            var next = await events.next()
            if next == .gone(folder: root) { next = await events.next() }
            #expect(next == .replaced(folder: root))
            try Self.write("\(root)/again.mp4")
            #expect(await events.next() == .created(path: "\(root)/again.mp4"))
            #expect(await events.next() == .finished(path: "\(root)/again.mp4"))
        }

        /// Creates, writes and closes a file, its descriptor closed on exec. A file Foundation
        /// wrote once closed three files late in a CI run: tests running beside this one start
        /// programs, and a child forked while the file was open kept an inherited copy of the
        /// descriptor, so inotify saw the close only when that program ended.
        static func write(_ path: String) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            defer { close(descriptor) }
            guard Glibc.write(descriptor, "x", 1) == 1 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
    }
}
