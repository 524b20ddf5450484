import FileSystem
import FolderWatcher
import Journal
import Logging
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// What the watcher does with what it sees: paths that may be arrivals start to settle, settled
/// ones go to the journal.
extension DaemonState {
    /// A file the journal records as refused (a symlink, not a regular file) without a job.
    struct Refusal: Sendable {
        var identity: FileIdentity
        var reason: String
    }

    /// Starts the inotify owner thread unless the configuration asks for polling only.
    func startWatching(_ config: WatchConfig) -> InotifyWatcher? {
        guard config.mode == .auto else {
            logger.notice("polling mode: folders are rescanned", metadata: ["seconds": "\(config.rescanSeconds ?? 2)"])
            return nil
        }
        let watcher = InotifyWatcher(
            folders: config.folders.map(\.input),
            bufferLimit: testStart.eventBuffer ?? InotifyWatcher.defaultBufferLimit)
        self.watcher.withLock { $0 = watcher }
        watcher.start()
        return watcher
    }

    /// What an event asks for. May look through folders and write to the journal: called
    /// through `journalWork` (the watcher handles single files' events itself, see `WatcherService`).
    func handle(_ event: WatchEvent) {
        switch event {
        case .finished(let path), .created(let path):
            if let refusal = consider(path, createdOnly: event == .created(path: path), restart: true) {
                refuse(refusal)
            }
        case .rescan(let folder?):
            scan(folder)
        case .rescan(nil):
            logger.warning("the inotify event queue overflowed; rescanning every folder")
            metrics.overflows.increment()
            for folder in currentConfig.folders { scan(folder.input) }
        case .needsPolling(let folder, let reason):
            logger.warning(
                "inotify cannot watch this folder; polling it instead",
                metadata: [
                    "folder": "\(folder)", "reason": "\(reason)",
                ])
            polledFolders.withLock { _ = $0.insert(folder) }
            metrics.pollingFallbacks.increment()
            scan(folder)
        case .gone(let folder):
            logger.warning(
                "the watched folder is gone; files put where it was are not seen until a folder is there again",
                metadata: ["folder": "\(folder)"])
        case .replaced(let folder):
            logger.notice(
                "the watched folder is another folder now (made again, moved back or mounted over); watching it",
                metadata: ["folder": "\(folder)"])
            polledFolders.withLock { _ = $0.remove(folder) }
            scan(folder)
        }
    }

    /// Looks through `folder` and everything below it. Called through `journalWork`.
    func scan(_ folder: String) {
        FolderScanner.scan(folder) { path in
            if let refusal = consider(path, createdOnly: false, restart: false) { refuse(refusal) }
        }
    }

    /// Decides whether a path reported by an event or a scan should wait to settle, and starts
    /// its settle clock; returns what the journal should record as refused. One `lstat` (a
    /// listing for a folder of photos), no journal.
    func consider(_ path: String, createdOnly: Bool, restart: Bool) -> Refusal? {
        if let album = PhotoAlbum.folder(holding: path, roots: currentConfig.folders.map(\.input)) {
            // A photo in a subfolder: the subfolder is the arrival, one slideshow when settled.
            guard !ArrivalFilter.isTemporary(FolderPaths.name(of: path)), let status = PhotoAlbum.status(album) else {
                return nil
            }
            if !restart, admitted.withLock({ $0[album] }) == status { return nil }
            tracker.withLock { $0.note(album, status: status, now: Self.now(), restart: restart) }
            return nil
        }
        let status = FileStatus(path: path)
        if status == nil, path.contains("\u{FFFD}") { reportUnnameable(path) }
        switch ArrivalTracker.decide(name: FolderPaths.name(of: path), status: status, createdOnly: createdOnly) {
        case .ignore:
            return nil
        case .refuse(let reason):
            guard let status else { return nil }
            let identity = FileIdentity(path: path, size: status.size, modified: status.modified, hash: "not-read")
            return Refusal(identity: identity, reason: reason)
        case .track:
            guard let status else { return nil }
            if !restart, admitted.withLock({ $0[path] }) == status { return nil }
            tracker.withLock { $0.note(path, status: status, now: Self.now(), restart: restart) }
            return nil
        }
    }

    /// A regular file the daemon's user may not open (a copy made with umask 077, say) is
    /// recorded as refused with the reason, where the log, `status` and the status page show it,
    /// rather than passed over in silence; it is left where it is.
    static func unreadable(_ path: String) -> Refusal? {
        guard let status = FileStatus(path: path), status.kind == .regular else { return nil }
        let descriptor = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if descriptor >= 0 {
            Glibc.close(descriptor)
            return nil
        }
        let error = errno
        guard error == EACCES || error == EPERM else { return nil }
        let identity = FileIdentity(path: path, size: status.size, modified: status.modified, hash: "not-read")
        return Refusal(
            identity: identity,
            reason: "the daemon's user cannot read it (\(String(cString: strerror(error)))); it is left where it is")
    }

    /// A name that is not UTF-8 (`caf\xE9.mp4` from an old camera card, a Samba share with
    /// another charset) reaches the daemon with each stray byte replaced by U+FFFD, under which
    /// the file cannot be opened: it is left where it is, and said once, rather than passed
    /// over in silence. (The command line takes such names as they are.)
    func reportUnnameable(_ path: String) {
        guard unnameable.withLock({ $0.insert(path).inserted }) else { return }
        logger.warning(
            "cannot take a file whose name is not UTF-8 (its stray bytes shown as \u{FFFD}); rename it, or run soundtrack on it by hand",
            metadata: ["file": "\(path)"])
    }

    func refuse(_ refusal: Refusal) {
        if (try? journal.refuse(refusal.identity, reason: refusal.reason)) == true {
            logger.warning("refused", metadata: ["file": "\(refusal.identity.path)", "reason": "\(refusal.reason)"])
        }
    }

    /// A file (or a folder of photos) has settled: record it in the journal, which queues it unless it is known.
    func admit(_ path: String) {
        guard let identity = FileIdentity.arrival(path) else {
            if let refusal = Self.unreadable(path) { refuse(refusal) }
            return
        }
        do {
            switch try journal.enqueue(identity) {
            case .queued(let id):
                logger.info("queued", metadata: ["file": "\(path)", "job.id": "\(id)"])
                work.signal()
            case .returned(let id):
                logger.notice(
                    "queued again: the file was moved back from the failed folder",
                    metadata: ["file": "\(path)", "job.id": "\(id)"])
                work.signal()
            case .known(let state):
                logger.debug("already known", metadata: ["file": "\(path)", "state": "\(state.rawValue)"])
            }
            if let status = FileStatus.arrival(path) {
                admitted.withLock { $0[path] = status }
            }
        } catch {
            logger.error("cannot record the file in the journal", metadata: ["file": "\(path)", "reason": "\(error)"])
        }
    }
}
