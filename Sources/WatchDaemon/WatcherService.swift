import FileSystem
import FolderWatcher
import ServiceLifecycle
import UnixSignals

/// The watcher: starts the daemon (watches the folders, looks through them once, says READY),
/// then follows inotify's events, lets arrivals settle and queues them, rescans the folders
/// inotify cannot see, and reloads watch.conf on SIGHUP. Told to shut down, it stops taking
/// arrivals at once: files still settling are found again by the next start's scan.
struct WatcherService: Service {
    let daemon: DaemonState

    func run() async throws {
        await withGracefulShutdownHandler {
            await watch()
        } onGracefulShutdown: {
            daemon.beginStop()
        }
        daemon.watcher.withLock { $0?.stop() }
    }

    private func watch() async {
        // Trap SIGHUP before saying READY, so that a reload asked for right away does not kill us.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let config = daemon.currentConfig
        let watcher = daemon.startWatching(config)
        await journalWork { for folder in config.folders { daemon.scan(folder.input) } }
        if daemon.testStart.readyDelaySeconds > 0 {
            daemon.logger.notice(
                "test hook: holding READY", metadata: ["seconds": "\(daemon.testStart.readyDelaySeconds)"])
            await daemon.stopping.wait(atMost: daemon.testStart.readyDelaySeconds)
        }
        // The counts in READY's status include the jobs the last stop left running.
        await daemon.recovered.wait()
        // Not open when the wait was cancelled: the pool could not re-queue, the group stops.
        // A stop that began meanwhile (SIGTERM during the start) is no time to say READY.
        guard daemon.recovered.isOpen, !daemon.isStopping else { return }
        daemon.logger.notice(
            "watching",
            metadata: [
                "folders": "\(config.folders.map(\.input).joined(separator: ", "))", "workers": "\(daemon.workers)",
                "mode": "\(config.mode.rawValue)", "machine": "\(daemon.machine)",
            ])
        daemon.notifier.ready(status: await journalWork { daemon.statusLine() })
        daemon.readySent.open()
        daemon.watching.store(true, ordering: .relaxed)

        await withDiscardingTaskGroup { group in
            group.addTask { await settleArrivals() }
            group.addTask { await rescanFolders() }
            if let watcher { group.addTask { await follow(watcher) } }
            for await _ in hangups.cancelOnGracefulShutdown() {
                // A reload that turns polling into watching starts a watcher to follow.
                if let started = await journalWork({ daemon.reload() }) {
                    group.addTask { await follow(started) }
                }
            }
            group.cancelAll()
        }
    }

    /// Takes inotify's events as they come: a file's event costs one `lstat` here; what looks
    /// through folders or writes to the journal runs on a thread of its own.
    private func follow(_ watcher: InotifyWatcher) async {
        for await event in watcher.events {
            switch event {
            case .finished(let path), .created(let path):
                let refusal = daemon.consider(path, createdOnly: event == .created(path: path), restart: true)
                if let refusal { await journalWork { daemon.refuse(refusal) } }
            case .rescan, .needsPolling, .gone, .replaced:
                await journalWork { daemon.handle(event) }
            }
        }
    }

    /// Queues the files that have stayed unchanged for `settle_seconds`.
    private func settleArrivals() async {
        for await _ in Ticker(every: .milliseconds(250)) {
            let ready = daemon.tracker.withLock { $0.settled(now: DaemonState.now(), status: FileStatus.arrival) }
            if !ready.isEmpty { await journalWork { for path in ready { daemon.admit(path) } } }
        }
    }

    /// Looks through every folder each `rescan_seconds` when set, and through the folders
    /// inotify cannot watch every 2 seconds.
    private func rescanFolders() async {
        var last = DaemonState.now()
        for await _ in Ticker(every: .milliseconds(500)) {
            let config = daemon.currentConfig
            let polled = daemon.polledFolders.withLock { $0 }
            let interval = config.rescanSeconds ?? (polled.isEmpty ? nil : 2)
            guard let interval, DaemonState.now() - last >= interval else { continue }
            last = DaemonState.now()
            let folders = config.rescanSeconds != nil ? config.folders.map(\.input) : Array(polled)
            await journalWork { for folder in folders { daemon.scan(folder) } }
        }
    }
}
