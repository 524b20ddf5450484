import FolderWatcher
import Logging
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

extension DaemonState {
    /// Reloads watch.conf (on SIGHUP, through `journalWork`). A file that does not parse, or
    /// names folders that cannot be used, leaves the running configuration as it was. Returns
    /// the inotify watcher it started, when it turns polling mode into watching for the first time.
    func reload() -> InotifyWatcher? {
        notifier.reloading()
        defer { notifier.ready(status: statusLine()) }
        let new: WatchConfig
        do {
            new = try WatchConfig.load(path: configPath)
            try Self.prepareFolders(new, path: configPath)
        } catch {
            let problems: [ConfigError]
            switch error {
            case let error as ConfigError: problems = error.all
            case DaemonError.configuration(let error): problems = error.all
            default: problems = []
            }
            for problem in problems {
                logger.error("reload failed; keeping the previous configuration", metadata: ["reason": "\(problem)"])
            }
            if problems.isEmpty {
                logger.error("reload failed; keeping the previous configuration", metadata: ["reason": "\(error)"])
            }
            return nil
        }
        let old = currentConfig
        if new.workers != workers || new.journal != old.journal || new.machine != old.machine {
            logger.notice("workers, journal and machine changes take effect at the next start")
        }
        config.withLock { $0 = new }
        tracker.withLock { $0.settleSeconds = new.settleSeconds }
        var started: InotifyWatcher?
        if new.folders.map(\.input) != old.folders.map(\.input) || new.mode != old.mode {
            polledFolders.withLock { $0.removeAll() }
            if new.mode == .auto {
                if let watcher = watcher.withLock({ $0 }) {
                    watcher.watch(new.folders.map(\.input))
                } else {
                    started = startWatching(new)
                }
            } else {
                // Kept, watching nothing: libinotifytools has one state per process, so a second
                // watcher must never start while this one's thread may still be cleaning up.
                watcher.withLock { $0 }?.watch([])
            }
        }
        for folder in new.folders { scan(folder.input) }
        logger.notice("configuration reloaded", metadata: ["folders": "\(new.folders.count)"])
        return started
    }

    /// Inputs must exist and be folders, and the other folders must be folders or makeable
    /// (`soundtrack check` also asks for permissions); outputs, failed and after folders are created
    /// if missing.
    static func prepareFolders(_ config: WatchConfig, path: String) throws(DaemonError) {
        let problems = config.folderProblems(checkingAccess: false).map { problem in
            var problem = problem
            problem.file = path
            return problem
        }
        if let error = ConfigError.combining(problems) { throw .configuration(error) }
        for folder in config.folders {
            var needed = [folder.output, folder.failed]
            if case .move(let target) = folder.after { needed.append(target) }
            for path in needed where !OutputNames.makeFolder(path) {
                throw .folder(path: path, reason: "cannot create the folder (\(String(cString: strerror(errno))))")
            }
        }
    }
}
