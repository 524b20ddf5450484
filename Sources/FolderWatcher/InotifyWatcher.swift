internal import CInotifyTools
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches folders with libinotifytools. The library keeps process-wide state and is not
/// thread-safe, so one thread owns it from start to end: it sets the watches, reads events and
/// applies changes of folder set asked for from other threads.
///
/// Its events come out as one `AsyncStream` (`events`, for one reader), which ends when the
/// owner thread does. The stream holds a bounded number of events: like the kernel's own
/// queue, one that overflows loses events and says so with `.rescan(folder: nil)`.
public final class InotifyWatcher: Sendable {
    private struct Control {
        var stop = false
        /// New folders to watch, set by `watch(_:)`, applied by the owner thread.
        var folders: [String]?
    }

    /// The events, in the order the kernel gave them.
    public let events: AsyncStream<WatchEvent>
    private let continuation: AsyncStream<WatchEvent>.Continuation
    private let control: Mutex<Control>
    private let finished = Mutex(false)
    /// Set on the owner thread when the stream was full and an event was lost.
    private let lostEvents = Mutex(false)

    /// The kernel's default queue size.
    public static let defaultBufferLimit = 16_384

    /// `bufferLimit`: the events the stream keeps for a reader that is behind.
    public init(folders: [String], bufferLimit: Int = defaultBufferLimit) {
        control = Mutex(Control(folders: folders))
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(bufferLimit))
    }

    /// Starts the owner thread.
    public func start() {
        let thread = Thread { [self] in self.run() }
        thread.name = "inotify"
        thread.start()
    }

    /// Replaces the set of watched folders (on reload).
    public func watch(_ folders: [String]) {
        control.withLock { $0.folders = folders }
    }

    /// Asks the owner thread to stop; it notices within a second.
    public func stop() {
        control.withLock { $0.stop = true }
    }

    public var hasFinished: Bool { finished.withLock { $0 } }

    // MARK: - The owner thread

    private func run() {
        defer {
            finished.withLock { $0 = true }
            continuation.finish()
        }
        var initialised = false
        /// Each watched folder with the folder its path named when its watch was set.
        var watched: [(folder: String, identity: FolderIdentity?)] = []
        var nextCheck = ContinuousClock.now
        /// Watched folders the kernel saw deleted, moved or unmounted since the last check.
        var left: Set<String> = []
        while true {
            let (stop, folders) = control.withLock { control in
                defer { control.folders = nil }
                return (control.stop, control.folders)
            }
            if stop { break }
            if let folders {
                guard let identities = begin(folders, initialised: &initialised) else { break }
                watched = Array(zip(folders, identities))
                for (folder, identity) in watched where identity == nil { report(.gone(folder: folder)) }
            }
            if ContinuousClock.now >= nextCheck {
                nextCheck = .now + Self.checkInterval
                let replaced = checkFolders(&watched, left: left)
                left = []
                if !replaced.isEmpty {
                    guard let identities = begin(watched.map(\.folder), initialised: &initialised, replaced: replaced)
                    else { break }
                    watched = Array(zip(watched.map(\.folder), identities))
                }
            }
            _ = reportLostEvents()
            guard let event = inotifytools_next_event(1) else { continue }
            if let folder = handle(event), watched.contains(where: { $0.folder == folder }) {
                // Its watch went with it; a folder made again may reuse the inode number.
                left.insert(folder)
                nextCheck = .now
            }
        }
        if initialised { inotifytools_cleanup() }
    }

    /// How often the watched folders' paths are looked at again.
    static let checkInterval = Duration.seconds(1)

    /// Sets the watches on `folders` from scratch and asks for a scan of each (`.replaced` for
    /// those in `replaced`), leaving out those that are not there. Returns the folders'
    /// identities (nil for those not there), or nil when inotify cannot start.
    private func begin(
        _ folders: [String], initialised: inout Bool, replaced: Set<String> = []
    ) -> [FolderIdentity?]? {
        if initialised { inotifytools_cleanup() }
        initialised = inotifytools_initialize() != 0
        guard initialised else {
            let reason = String(cString: strerror(inotifytools_error()))
            for folder in folders { report(.needsPolling(folder: folder, reason: reason)) }
            return nil
        }
        return folders.map { folder in
            guard let identity = FolderIdentity(path: folder) else { return nil }
            // Scan after the watch is in place, so nothing that arrived meanwhile is missed.
            if add(folder) { report(replaced.contains(folder) ? .replaced(folder: folder) : .rescan(folder: folder)) }
            return identity
        }
    }

    /// Reports the watched folders that are gone, and returns those whose path names another
    /// folder than the one watched, or that `left` their place (their watches need setting again).
    private func checkFolders(
        _ watched: inout [(folder: String, identity: FolderIdentity?)], left: Set<String>
    ) -> Set<String> {
        var replaced: Set<String> = []
        for index in watched.indices {
            let (folder, before) = watched[index]
            let now = FolderIdentity(path: folder)
            guard now != before || left.contains(folder) else { continue }
            watched[index].identity = now
            if now != nil {
                replaced.insert(folder)
            } else if before != nil {
                report(.gone(folder: folder))
            }
        }
        return replaced
    }

    /// Hands an event to the stream. When the reader is so far behind that the stream is full,
    /// the event is lost: the next one that fits is a rescan of every folder.
    private func report(_ event: WatchEvent) {
        guard reportLostEvents() else { return }
        if case .dropped = continuation.yield(event) { lostEvents.withLock { $0 = true } }
    }

    /// Asks for a rescan of every folder if events were lost; false while the stream is still full.
    private func reportLostEvents() -> Bool {
        lostEvents.withLock { lost in
            if lost, case .dropped = continuation.yield(.rescan(folder: nil)) { return false }
            lost = false
            return true
        }
    }

    @discardableResult
    private func add(_ folder: String) -> Bool {
        if inotifytools_watch_recursively(folder, Int32(st_arrival_events())) == 0 {
            let code = inotifytools_error()
            let reason =
                code == ENOSPC
                ? "out of inotify watches (raise fs.inotify.max_user_watches)" : String(cString: strerror(code))
            report(.needsPolling(folder: folder, reason: reason))
            return false
        }
        return true
    }

    /// Reports what an event means for the files; returns the folder the event is about when
    /// it was deleted, moved or unmounted itself.
    private func handle(_ event: UnsafeMutablePointer<inotify_event>) -> String? {
        let mask = event.pointee.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            report(.rescan(folder: nil))
            return nil
        }
        guard let folderName = inotifytools_filename_from_wd(event.pointee.wd) else { return nil }
        // Both strings live in the library's storage until the next call: copy them now.
        let folder = String(cString: folderName)
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) != 0 {
            return folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        }
        let name = String(cString: st_event_name(event))
        guard !name.isEmpty else { return nil }
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + name
        if mask & UInt32(IN_ISDIR) != 0 {
            guard mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !ArrivalFilter.isTemporary(name) else { return nil }
            add(path)
            report(.rescan(folder: path))
        } else if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
            report(.finished(path: path))
        } else if mask & UInt32(IN_CREATE) != 0 {
            report(.created(path: path))
        }
        return nil
    }
}
