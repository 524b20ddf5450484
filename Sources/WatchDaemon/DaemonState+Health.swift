import FolderWatcher
import WatchConfiguration

/// What `/healthz` asks of the daemon itself (the status server checks the journal).
extension DaemonState {
    /// Why the daemon is not healthy, or nil when the watcher and every worker are alive, every
    /// watched folder is there and no job has outrun its limit.
    ///
    /// A job past `job_seconds` is told to stop; one still running `stop_seconds` after that
    /// did not listen (stuck in a library call, a hung network file system), and its worker is
    /// counted as wedged until the job returns.
    public func healthProblem() -> String? {
        if isStopping { return "the daemon is stopping" }
        guard watching.load(ordering: .relaxed) else { return "the daemon is starting" }
        let config = currentConfig
        if config.mode == .auto, let watcher = watcher.withLock({ $0 }), watcher.hasFinished {
            // It also ends when inotify cannot start at all; folders polled instead are watched.
            let polled = polledFolders.withLock { $0 }
            if !config.folders.allSatisfy({ polled.contains($0.input) }) {
                return "the inotify watcher has stopped"
            }
        }
        if let gone = config.folders.first(where: { FolderIdentity(path: $0.input) == nil }) {
            return "the watched folder \(gone.input) is gone"
        }
        let alive = liveWorkers.withLock { $0.count }
        if alive < workers {
            return "\(workers - alive) of \(workers) workers have ended"
        }
        // Each job against its own limit: a reload changes job_seconds for jobs claimed after it.
        let now = Self.now()
        let wedged = running.withLock { jobs in
            jobs.map { id, control in
                (id: id, seconds: now - control.startedAt, limit: control.jobSeconds + config.stopSeconds)
            }
            .filter { $0.seconds > $0.limit }.max { $0.seconds < $1.seconds }
        }
        if let wedged {
            return "a worker is wedged: job \(wedged.id) has run \(Int(wedged.seconds)) s, more than "
                + "job_seconds + stop_seconds (\(Int(wedged.limit)) s)"
        }
        return nil
    }

    /// The configuration in force (the last one loaded).
    public var configuration: WatchConfig { currentConfig }

    /// Jobs running now, by journal id, with how long each has run (seconds).
    public func runningSeconds() -> [Int64: Double] {
        let now = Self.now()
        return running.withLock { $0.mapValues { now - $0.startedAt } }
    }
}
