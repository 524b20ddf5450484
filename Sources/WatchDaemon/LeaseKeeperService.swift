import Journal
import Logging
import ServiceLifecycle

/// The heartbeat: renews the lease of every job in flight a few times per lease, so that
/// other machines leave them alone. A claim found lost (this machine was frozen or cut off
/// past its lease, and another claimed the job) stops its job: what it made is not
/// published, and the record is left to the machine that holds it now.
///
/// It is told to shut down only once the worker pool has ended, so jobs still finishing after
/// a stop began keep their leases to the end.
struct LeaseKeeperService: Service {
    let daemon: DaemonState

    func run() async throws {
        let period: @Sendable () -> Duration = { [daemon] in
            .seconds(max(0.5, daemon.currentConfig.leaseSeconds / 4))
        }
        for await _ in Ticker(every: period).cancelOnGracefulShutdown() {
            let lease = daemon.currentConfig.leaseSeconds
            await journalWork { renewLeases(lease) }
        }
    }

    private func renewLeases(_ lease: Double) {
        for (id, claim) in daemon.claims.withLock({ $0 }) {
            do {
                if try daemon.journal.renew(claim, leaseSeconds: lease) { continue }
                daemon.logger.warning(
                    "lost the claim on a job (its lease ran out and another machine took it); stopping it",
                    metadata: ["job.id": "\(id)", "token": "\(claim.token)"])
                daemon.running.withLock { $0[id] }?.stop(.leaseLost)
            } catch {
                daemon.logger.warning("cannot renew a lease", metadata: ["job.id": "\(id)", "reason": "\(error)"])
            }
        }
    }
}
