import FileSystem
import Journal
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// `soundtrack retry`: gives failed jobs another chance. Each named file goes back from the failed
/// folder to where it was dropped (its error report is removed) and its journal row is queued
/// again with its attempts reset. A running daemon takes it at its next look at the queue; a
/// stopped one at its next start.
public struct FailedJobRetry {
    public enum Outcome: Equatable, Sendable {
        case requeued(path: String)
        case cannot(path: String, reason: String)
    }

    let journal: Journal
    let config: WatchConfig

    public init(journal: Journal, config: WatchConfig) {
        self.journal = journal
        self.config = config
    }

    /// The failed jobs `name` may mean: the dropped file's path (absolute or from the working
    /// folder), its path inside its drop folder, its name alone, or where it lies in the failed
    /// folder.
    public func failedJobs(named name: String) throws(JournalError) -> [JournalEntry] {
        let absolute = FolderPaths.absolute(name)
        return try journal.failedEntries().filter { entry in
            let path = entry.identity.path
            let relative = config.folder(holding: path).map { FolderPaths.relative(path, to: $0.input) }
            return [path, relative, FolderPaths.name(of: path), entry.parked].contains(name)
                || [path, entry.parked].contains(absolute)
        }
    }

    public func allFailedJobs() throws(JournalError) -> [JournalEntry] {
        try journal.failedEntries()
    }

    /// Puts the file back and queues it again.
    public func retry(_ entry: JournalEntry) -> Outcome {
        let path = entry.identity.path
        guard config.folder(holding: path) != nil else {
            return .cannot(path: path, reason: "its folder is no longer watched in this configuration")
        }
        if let parked = entry.parked, FileStatus(path: parked) != nil {
            if FileStatus(path: path) != nil {
                return .cannot(
                    path: path, reason: "another file has its name in the drop folder; \(parked) was left where it is")
            }
            if let reason = Quarantine.moveFile(parked, to: path) {
                return .cannot(path: path, reason: "cannot move \(parked) back (\(reason))")
            }
            unlink(parked + ".error.json")
        } else if FileStatus(path: path) == nil {
            return .cannot(path: path, reason: "the file is neither in the failed folder nor in its drop folder")
        }
        do {
            try journal.requeueFailed(entry.id)
        } catch {
            return .cannot(path: path, reason: error.description)
        }
        return .requeued(path: path)
    }
}
