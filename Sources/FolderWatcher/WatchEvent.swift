/// What the watcher saw.
public enum WatchEvent: Sendable, Equatable {
    /// A file was closed after writing or moved in: it may be complete.
    case finished(path: String)
    /// A file appeared without being written (a hard link or a symlink), or one being written.
    case created(path: String)
    /// Look through this folder (or every folder when nil): a new subfolder, or events were lost.
    case rescan(folder: String?)
    /// inotify cannot watch this folder; it must be polled.
    case needsPolling(folder: String, reason: String)
    /// A watched folder is no longer there (deleted, moved away, or not a folder now).
    case gone(folder: String)
    /// A watched folder's path names another folder now (made again, moved back, mounted over or
    /// unmounted): it is watched anew, and should be looked through.
    case replaced(folder: String)
}
