import Journal
import ServiceLifecycle
import WatchConfiguration

/// The worker pool: puts back in the queue the jobs the last stop of this machine left running,
/// then runs `workers` workers, each claiming one job at a time from the journal. Idle workers
/// wait for a wake-up (`WorkSignal`). Told to shut down, workers stop claiming; jobs in flight
/// get `stop_seconds` (counted from the start of the stop) to finish, and are then stopped and
/// given back to the queue. The pool ends when every worker has.
struct WorkerPoolService: Service {
    let daemon: DaemonState

    /// How long a worker waits after an output could not be written before it tries again: 3 s,
    /// doubled after each blocked try in a row, up to a minute. Each try runs the whole job
    /// before it meets the full or read-only disk, so a disk left full for a night would
    /// otherwise cost a core the whole night.
    static func blockedPause(afterBlockedInARow count: Int) -> Double {
        min(60, 3 * Double(1 << min(5, max(0, count - 1))))
    }

    func run() async throws {
        try await withTaskCancellationHandler {
            try await runWorkers()
        } onCancel: {
            // The group is cancelled when another service fails: the stop comes at once, and
            // jobs in flight are stopped (and given back) without waiting for stop_seconds.
            daemon.beginStop()
            for control in daemon.running.withLock({ Array($0.values) }) { control.stop(.shutdown) }
        }
    }

    private func runWorkers() async throws {
        try await withGracefulShutdownHandler {
            try await recoverInterrupted()
            daemon.recovered.open()
            await withTaskGroup(of: Bool.self) { group in
                for index in 0..<daemon.workers {
                    group.addTask {
                        await worker(index)
                        return true
                    }
                }
                group.addTask {
                    await wakeIdleWorkers()
                    return false
                }
                group.addTask {
                    await stopJobsAtDeadline()
                    return false
                }
                var ended = 0
                while ended < daemon.workers, let wasWorker = await group.next() {
                    if wasWorker { ended += 1 }
                }
                group.cancelAll()
            }
            // The workers end as soon as the stop begins, which may be before this service's
            // turn to be told: the group stops its services one after another, and one that
            // ended early would count as a failure.
            try? await gracefulShutdown()
        } onGracefulShutdown: {
            daemon.beginStop()
        }
    }

    private func recoverInterrupted() async throws {
        let requeued = try await journalWork { [journal = daemon.journal] in
            Result { () throws(JournalError) in try journal.requeueInterrupted() }
        }.get()
        if requeued > 0 {
            daemon.logger.notice("re-queued jobs interrupted by the last stop", metadata: ["count": "\(requeued)"])
        }
    }

    private func worker(_ index: Int) async {
        var wakeups = daemon.work.wakeups(for: index).makeAsyncIterator()
        if daemon.isStopping { return }
        daemon.liveWorkers.withLock { _ = $0.insert(index) }
        defer { daemon.liveWorkers.withLock { _ = $0.remove(index) } }
        var blockedInARow = 0
        while !daemon.isStopping {
            // The configuration as it is when the job is claimed: a reload changes the lease,
            // attempts and time limit of every job claimed after it.
            let config = daemon.currentConfig
            guard let entry = await journalWork({ claim(leaseSeconds: config.leaseSeconds) }) else {
                _ = await wakeups.next()
                continue
            }
            if daemon.isStopping {
                // Claimed as the stop began: back to the queue, not started.
                await journalWork { [journal = daemon.journal] in try? journal.giveBack(entry.claim) }
                break
            }
            await run(entry, config: config, blockedInARow: &blockedInARow)
        }
    }

    /// Runs one claimed job to its end, with the attempts, time limit and lease of `config`;
    /// counts the worker's blocked tries in a row (`blockedPause`).
    private func run(_ entry: JournalEntry, config: WatchConfig, blockedInARow: inout Int) async {
        guard let watch = config.folder(holding: entry.identity.path) else {
            await journalWork { [journal = daemon.journal] in
                _ = try? journal.markRefused(entry.claim, reason: "its folder is no longer watched")
            }
            return
        }
        let control = JobControl(startedAt: DaemonState.now(), jobSeconds: config.jobSeconds)
        daemon.running.withLock { $0[entry.id] = control }
        await daemon.reportStatus()
        daemon.claims.withLock { $0[entry.id] = entry.claim }
        let runner = JobRunner(
            journal: daemon.journal, logger: daemon.logger, maximumAttempts: config.attempts,
            leaseSeconds: config.leaseSeconds, renderThreads: daemon.renderer.threads, renderer: daemon.renderer,
            metrics: daemon.metrics, hang: daemon.hang)
        let outcome = await runner.run(entry, watch: watch, control: control)
        daemon.running.withLock { $0[entry.id] = nil }
        daemon.claims.withLock { $0[entry.id] = nil }
        if outcome == .failed {
            // It left the drop folder: if it is moved back, even a rescan must look again.
            daemon.admitted.withLock { $0[entry.identity.path] = nil }
        }
        if case .blocked(let reason) = outcome {
            blockedInARow += 1
            daemon.notifier.status("waiting: \(reason)")
            await daemon.stopping.wait(atMost: Self.blockedPause(afterBlockedInARow: blockedInARow))
        } else {
            blockedInARow = 0
        }
        // A job back in the queue (a retry, a give-back) is for any idle worker.
        switch outcome {
        case .retry, .givenBack, .blocked: daemon.work.signal()
        case .done, .failed, .refused: break
        }
        await daemon.reportStatus()
    }

    private func claim(leaseSeconds: Double) -> JournalEntry? {
        do {
            return try daemon.journal.claimNext(leaseSeconds: leaseSeconds)
        } catch {
            daemon.logger.error("cannot read the journal", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// Wakes idle workers now and then for what this daemon does not see happen: jobs freed
    /// by other machines (given back, leases run out) and `soundtrack retry`.
    private func wakeIdleWorkers() async {
        for await _ in Ticker(every: .milliseconds(500)) {
            daemon.work.signal()
        }
    }

    /// Once the stop has begun, gives jobs in flight `stop_seconds`, then stops them (they go
    /// back to the queue). Cancelled when every worker has ended.
    private func stopJobsAtDeadline() async {
        await daemon.stopping.wait()
        guard let began = daemon.stopBegan.withLock({ $0 }) else { return }
        do {
            try await Task.sleep(until: began + .seconds(daemon.currentConfig.stopSeconds), clock: .continuous)
        } catch {
            return
        }
        let controls = daemon.running.withLock { Array($0.values) }
        if !controls.isEmpty {
            daemon.logger.notice(
                "stop deadline reached; stopping jobs in flight", metadata: ["count": "\(controls.count)"])
        }
        for control in controls { control.stop(.shutdown) }
    }
}
