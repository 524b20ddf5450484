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
            #expect(Self.isOldestInOrder(kept, in: root))
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

        /// Whether `kept` holds the events of the first files written, in the order they were
        /// written: "created" for f0, f1, ... one after the other, and each file's "finished"
        /// after its "created", once, with at most three still to come. A "finished" may come
        /// after the next file's events: a close reaches inotify when the last copy of the
        /// descriptor goes, and a process that another test forks at that moment holds a copy
        /// until it execs (seen once in five CI runs: f14's "finished" past the 50 kept).
        static func isOldestInOrder(_ kept: [WatchEvent], in root: String) -> Bool {
            var created = 0
            var finished: Set<Int> = []
            for event in kept {
                switch event {
                case .created(path: "\(root)/f\(created).mp4"): created += 1
                case .finished(let path):
                    guard let index = (0..<created).first(where: { path == "\(root)/f\($0).mp4" }),
                        finished.insert(index).inserted
                    else { return false }
                default: return false
                }
            }
            return created - finished.count <= 3
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
