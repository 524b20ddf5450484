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
        while true {
            let (stop, folders) = control.withLock { control in
                defer { control.folders = nil }
                return (control.stop, control.folders)
            }
            if stop { break }
            if let folders {
                if initialised { inotifytools_cleanup() }
                initialised = inotifytools_initialize() != 0
                guard initialised else {
                    let reason = String(cString: strerror(inotifytools_error()))
                    for folder in folders { report(.needsPolling(folder: folder, reason: reason)) }
                    break
                }
                // Scan after the watch is in place, so nothing that arrived meanwhile is missed.
                for folder in folders where add(folder) { report(.rescan(folder: folder)) }
            }
            _ = reportLostEvents()
            guard let event = inotifytools_next_event(1) else { continue }
            handle(event)
        }
        if initialised { inotifytools_cleanup() }
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

    private func handle(_ event: UnsafeMutablePointer<inotify_event>) {
        let mask = event.pointee.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            report(.rescan(folder: nil))
            return
        }
        guard let folderName = inotifytools_filename_from_wd(event.pointee.wd) else { return }
        // Both strings live in the library's storage until the next call: copy them now.
        let folder = String(cString: folderName)
        let name = String(cString: st_event_name(event))
        guard !name.isEmpty else { return }
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + name
        if mask & UInt32(IN_ISDIR) != 0 {
            guard mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !ArrivalFilter.isTemporary(name) else { return }
            add(path)
            report(.rescan(folder: path))
        } else if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 {
            report(.finished(path: path))
        } else if mask & UInt32(IN_CREATE) != 0 {
            report(.created(path: path))
        }
    }
}
