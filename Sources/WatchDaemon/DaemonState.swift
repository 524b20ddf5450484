import FileSystem
import FolderWatcher
import Foundation
import Journal
import Logging
import ServiceLifecycle
import Synchronization
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// The drop-folder daemon: watches the folders of watch.conf, lets files settle, records them in
/// the journal and runs them through the pipeline on a bounded pool of workers.
///
/// This holds what its services share (the configuration, the journal, the jobs in flight); the
/// work is done by the services `services` lists, run in a `ServiceGroup` that turns SIGTERM
/// into a graceful shutdown, each service stopped after the one that follows it in the list:
/// the watcher stops taking arrivals, the workers finish their jobs or give them back after
/// `stop_seconds`, the lease keeper renews leases until the workers have stopped, and the
/// watchdog keeps systemd informed to the end. SIGHUP reloads watch.conf.
public final class DaemonState: Sendable {
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
    /// Names already reported as not UTF-8 (`DaemonState.unnameable`), each reported once.
    let unnameable = Mutex<Set<String>>([])
    /// Folders inotify could not watch: polled instead.
    let polledFolders = Mutex<Set<String>>([])
    let running = Mutex<[Int64: JobControl]>([:])
    /// The claim (and fencing token) of each job in flight, which the lease keeper renews.
    let claims = Mutex<[Int64: Claim]>([:])
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
    /// Opened by the worker pool once the jobs the last stop interrupted are back in the queue:
    /// the watcher says READY after that.
    let recovered = Latch()
    /// Opened once the watcher has said READY=1: systemd's watchdog is fed from then on.
    let readySent = Latch()
    /// Opened when the stop begins (the first service told to shut down).
    let stopping = Latch()
    /// When the stop began, from which `stop_seconds` is counted.
    let stopBegan = Mutex<ContinuousClock.Instant?>(nil)
    /// Test hooks: jobs that hang (see `TestHang`), a service that fails (`TestFailureService`),
    /// a late READY and a small event stream (`TestStart`).
    let hang: TestHang
    let failsAtJobs: Int?
    let testStart: TestStart

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
        if !config.journalIsShared {
            guard Self.lockJournal(config.journal, machine: machine) else {
                journal.close()
                throw .journalInUse(path: config.journal, machine: machine)
            }
        }
        self.config = Mutex(config)
        tracker = Mutex(ArrivalTracker(settleSeconds: config.settleSeconds))
        renderer = SharedRenderer(threads: config.workers > 1 ? 1 : 2, logger: logger)
        hang = TestHang(environment: environment)
        failsAtJobs = TestFailureService.runningJobs(environment: environment)
        testStart = TestStart(environment: environment)
        journal.onWaiting { [logger, notifier] error, seconds in
            logger.warning(
                "the journal's database cannot be reached; trying again",
                metadata: ["reason": "\(error)", "seconds": "\(seconds)"])
            notifier.status("waiting for the journal's database: \(error)")
        }
    }

    /// The daemon's services, in the order a `ServiceGroup` starts them; it stops them in the
    /// reverse order, each once the one after it has ended.
    public var services: [any Service] {
        let services: [any Service] = [
            WatchdogService(daemon: self), LeaseKeeperService(daemon: self), WorkerPoolService(daemon: self),
            WatcherService(daemon: self),
        ]
        return services + (failsAtJobs.map { [TestFailureService(daemon: self, runningJobs: $0)] } ?? [])
    }

    var isStopping: Bool { stopping.isOpen }
    var currentConfig: WatchConfig { config.withLock { $0 } }

    /// Begins the stop: called by whichever service is told to shut down first, and by the rest
    /// (the calls after the first do nothing).
    func beginStop() {
        let first = stopBegan.withLock { began in
            guard began == nil else { return false }
            began = .now
            return true
        }
        guard first else { return }
        // A database outage must not hold the stop: what cannot be recorded now is put right
        // by the leases and the next start.
        journal.stopRetrying()
        stopping.open()
        work.finish()
        notifier.stopping()
        let inFlight = running.withLock { $0.count }
        logger.notice("stopping", metadata: ["jobs.running": "\(inFlight)"])
    }

    /// Takes, for the life of the process, a lock beside an SQLite journal for this machine's
    /// name: a second daemon of the same machine on the same journal (one started in a terminal
    /// beside the service, say) would take the first one's running jobs for interrupted ones and
    /// run them again. False when another process holds it.
    static func lockJournal(_ journal: String, machine: String) -> Bool {
        let name = String(machine.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
        let path = "\(AtomicFolder.of(journal))/.\(FolderPaths.name(of: journal)).\(name).lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return true }  // a folder without write access: no lock, as before
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            return false
        }
        return true
    }

    /// Says what is left in the queue and closes the journal; call it once the service group has ended.
    public func close() async {
        let counts = await journalWork { [journal] in (try? journal.counts()) ?? [:] }
        logger.notice("stopped", metadata: ["queued": "\(counts[.queued] ?? 0)", "done": "\(counts[.done] ?? 0)"])
        await journalWork { [journal] in journal.close() }
    }

    /// The status line for sd_notify, counted in the journal.
    func reportStatus() async {
        let line = await journalWork { self.statusLine() }
        notifier.status(line)
    }

    func statusLine() -> String {
        let counts = (try? journal.counts()) ?? [:]
        let running = running.withLock { $0.count }
        return "\(running) running, \(counts[.queued] ?? 0) queued, \(counts[.done] ?? 0) done, "
            + "\(counts[.failed] ?? 0) failed"
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
