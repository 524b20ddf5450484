import FileSystem
import FolderWatcher
import Foundation
import Journal
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// The drop-folder daemon: watches the folders of watch.conf, lets files settle, records them in
/// the journal and runs them through the pipeline on a bounded pool of workers.
///
/// Run it inside a `ServiceGroup` that turns SIGTERM into a graceful shutdown: workers stop
/// taking jobs, jobs in flight get `stop_seconds` to finish and are then stopped and given back
/// to the queue. SIGHUP reloads watch.conf.
public final class DaemonService: Service, Sendable {
    let configPath: String
    let journal: Journal
    /// This daemon's name in the journal (`[daemon] machine`, default the host name).
    let machine: String
    let logger: Logger
    let notifier: SystemdNotifier
    /// Fixed at start: the pool size and the journal cannot change under running jobs.
    let workers: Int

    let config: Mutex<WatchConfig>
    let tracker: Mutex<ArrivalTracker>
    /// Size and modification time of each path last handed to the journal, so rescans of files
    /// already known cost one `lstat`.
    let admitted = Mutex<[String: FileStatus]>([:])
    /// Folders inotify could not watch: polled instead.
    let polledFolders = Mutex<Set<String>>([])
    let running = Mutex<[Int64: JobControl]>([:])
    /// The claim (and fencing token) of each job in flight, which the lease keeper renews.
    let claims = Mutex<[Int64: Claim]>([:])
    let stopping = Atomic<Bool>(false)
    let watcher: Mutex<InotifyWatcher?> = Mutex(nil)
    /// The SoundFont, loaded once and shared by every job.
    let renderer: SharedRenderer
    public let metrics = DaemonMetrics()
    /// Workers whose loop is running, and whether the daemon got as far as watching: what
    /// `healthProblem()` checks.
    let liveWorkers = Mutex<Set<Int>>([])
    let watching = Atomic<Bool>(false)
    /// Wakes idle workers (see `WorkSignal`).
    let work = WorkSignal()
    /// Test hook: jobs that hang (see `TestHang`).
    let hang: TestHang

    /// Reads the configuration and opens the journal; throws what stops the daemon from starting.
    public init(configPath: String, logger: Logger, environment: [String: String]) throws(DaemonError) {
        let config: WatchConfig
        do {
            config = try WatchConfig.load(path: configPath)
        } catch {
            throw .configuration(error)
        }
        try Self.prepareFolders(config, path: configPath)
        self.configPath = configPath

        self.logger = logger
        notifier = SystemdNotifier(environment: environment)
        workers = config.workers
        if !config.journalIsShared { OutputNames.makeFolder(AtomicFolder.of(config.journal)) }
        do {
            journal = try config.openJournal()
        } catch {
            throw .journal(error)
        }
        machine = journal.machine
        self.config = Mutex(config)
        tracker = Mutex(ArrivalTracker(settleSeconds: config.settleSeconds))
        renderer = SharedRenderer(threads: config.workers > 1 ? 1 : 2, logger: logger)
        hang = TestHang(environment: environment)
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }
    var currentConfig: WatchConfig { config.withLock { $0 } }

    public func run() async throws {
        journal.onWaiting { [logger, notifier] error, seconds in
            logger.warning(
                "the journal's database cannot be reached; trying again",
                metadata: ["reason": "\(error)", "seconds": "\(seconds)"])
            notifier.status("waiting for the journal's database: \(error)")
        }
        let requeued = try await journalWork { [journal] in
            Result { () throws(JournalError) in try journal.requeueInterrupted() }
        }.get()
        if requeued > 0 {
            logger.notice("re-queued jobs interrupted by the last stop", metadata: ["count": "\(requeued)"])
        }
        let config = currentConfig
        startWatching(config)
        await journalWork { for folder in config.folders { self.scan(folder.input) } }
        logger.notice(
            "watching",
            metadata: [
                "folders": "\(config.folders.map(\.input).joined(separator: ", "))", "workers": "\(workers)",
                "mode": "\(config.mode.rawValue)", "machine": "\(machine)",
            ])
        // Trap SIGHUP before saying READY, so that a reload asked for right away does not kill us.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        notifier.ready(status: await journalWork { self.statusLine() })
        watching.store(true, ordering: .relaxed)

        let reload = Task { await reloadOnHangup(hangups) }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.settleLoop() }
                group.addTask { await self.rescanLoop() }
                group.addTask { await self.watchdogLoop() }
                group.addTask { await self.leaseKeeper() }
                group.addTask { await self.stopDeadline() }
                group.addTask { await self.workTicker() }
                for index in 0..<workers {
                    group.addTask { await self.worker(index) }
                }
            }
        } onGracefulShutdown: {
            self.beginStop()
        }
        reload.cancel()
        watcher.withLock { $0?.stop() }
        let counts = await journalWork { [journal] in (try? journal.counts()) ?? [:] }
        logger.notice("stopped", metadata: ["queued": "\(counts[.queued] ?? 0)", "done": "\(counts[.done] ?? 0)"])
        await journalWork { [journal] in journal.close() }
    }

    func beginStop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        // A database outage must not hold the stop: what cannot be recorded now is put right
        // by the leases and the next start.
        journal.stopRetrying()
        work.finish()
        notifier.stopping()
        let inFlight = running.withLock { $0.count }
        logger.notice("stopping", metadata: ["jobs.running": "\(inFlight)"])
    }

    // MARK: - Loops

    private func worker(_ index: Int) async {
        var wakeups = work.wakeups(for: index).makeAsyncIterator()
        if isStopping { return }
        liveWorkers.withLock { _ = $0.insert(index) }
        defer { liveWorkers.withLock { _ = $0.remove(index) } }
        while !isStopping {
            // The configuration as it is when the job is claimed: a reload changes the lease,
            // attempts and time limit of every job claimed after it.
            let config = currentConfig
            guard let entry = await journalWork({ self.claim(leaseSeconds: config.leaseSeconds) }) else {
                _ = await wakeups.next()
                continue
            }
            if isStopping {
                // Claimed as the stop began: back to the queue, not started.
                await journalWork { [journal] in try? journal.giveBack(entry.claim) }
                break
            }
            guard let watch = config.folder(holding: entry.identity.path) else {
                await journalWork { [journal] in
                    _ = try? journal.markRefused(entry.claim, reason: "its folder is no longer watched")
                }
                continue
            }
            let control = JobControl(startedAt: Self.now(), jobSeconds: config.jobSeconds)
            running.withLock { $0[entry.id] = control }
            await reportStatus()
            claims.withLock { $0[entry.id] = entry.claim }
            let outcome = await runner(config).run(entry, watch: watch, control: control)
            running.withLock { $0[entry.id] = nil }
            claims.withLock { $0[entry.id] = nil }
            if outcome == .failed {
                // It left the drop folder: if it is moved back, even a rescan must look again.
                admitted.withLock { $0[entry.identity.path] = nil }
            }
            if case .blocked(let reason) = outcome {
                notifier.status("waiting: \(reason)")
                await pause(seconds: Self.blockedPauseSeconds)
            }
            // A job back in the queue (a retry, a give-back) is for any idle worker.
            switch outcome {
            case .retry, .givenBack, .blocked: work.signal()
            case .done, .failed, .refused: break
            }
            await reportStatus()
        }
    }

    /// The status line for sd_notify, counted in the journal.
    private func reportStatus() async {
        let line = await journalWork { self.statusLine() }
        notifier.status(line)
    }

    /// How long a worker waits after an output could not be written before it tries again.
    static let blockedPauseSeconds = 3.0

    /// Sleeps, waking early when a stop begins.
    private func pause(seconds: Double) async {
        let end = Self.now() + seconds
        while !isStopping, Self.now() < end {
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// The runner for one job, with the attempts, time limit and lease of `config`.
    private func runner(_ config: WatchConfig) -> JobRunner {
        JobRunner(
            journal: journal, logger: logger, maximumAttempts: config.attempts, jobSeconds: config.jobSeconds,
            leaseSeconds: config.leaseSeconds, renderThreads: renderer.threads, renderer: renderer,
            metrics: metrics, hang: hang)
    }

    private func claim(leaseSeconds: Double) -> JournalEntry? {
        do {
            return try journal.claimNext(leaseSeconds: leaseSeconds)
        } catch {
            logger.error("cannot read the journal", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// After a stop begins, gives jobs in flight `stop_seconds`, then stops them.
    private func stopDeadline() async {
        while !isStopping {
            try? await Task.sleep(for: .milliseconds(100))
        }
        let deadline = ContinuousClock.now + .seconds(currentConfig.stopSeconds)
        while ContinuousClock.now < deadline, running.withLock({ !$0.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        let controls = running.withLock { Array($0.values) }
        if !controls.isEmpty {
            logger.notice("stop deadline reached; stopping jobs in flight", metadata: ["count": "\(controls.count)"])
        }
        for control in controls { control.stop(.shutdown) }
    }

    /// Wakes idle workers now and then for what this daemon does not see happen: jobs freed
    /// by other machines (given back, leases run out) and `soundtrack retry`.
    private func workTicker() async {
        while !isStopping {
            try? await Task.sleep(for: .milliseconds(500))
            work.signal()
        }
    }

    private func settleLoop() async {
        while !isStopping {
            let ready = tracker.withLock { $0.settled(now: Self.now(), status: FileStatus.arrival) }
            if !ready.isEmpty { await journalWork { for path in ready { self.admit(path) } } }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    private func rescanLoop() async {
        var last = Self.now()
        while !isStopping {
            try? await Task.sleep(for: .milliseconds(500))
            let config = currentConfig
            let polled = polledFolders.withLock { $0 }
            let interval = config.rescanSeconds ?? (polled.isEmpty ? nil : 2)
            guard let interval, Self.now() - last >= interval else { continue }
            last = Self.now()
            let folders = config.rescanSeconds != nil ? config.folders.map(\.input) : Array(polled)
            await journalWork { for folder in folders { self.scan(folder) } }
        }
    }

    private func watchdogLoop() async {
        guard let interval = notifier.watchdogInterval else { return }
        while !isStopping {
            notifier.watchdog()
            try? await Task.sleep(for: min(interval, .seconds(1)))
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func statusLine() -> String {
        let counts = (try? journal.counts()) ?? [:]
        let running = running.withLock { $0.count }
        return "\(running) running, \(counts[.queued] ?? 0) queued, \(counts[.done] ?? 0) done, "
            + "\(counts[.failed] ?? 0) failed"
    }
}
