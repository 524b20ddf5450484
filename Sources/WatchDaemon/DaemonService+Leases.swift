import Journal
import Logging

extension DaemonService {
    /// The heartbeat: renews the lease of every job in flight a few times per lease, so that
    /// other machines leave them alone. A claim found lost (this machine was frozen or cut off
    /// past its lease, and another claimed the job) stops its job: what it made is not
    /// published, and the record is left to the machine that holds it now.
    /// Jobs still finishing after a stop began keep their leases until they end.
    func leaseKeeper() async {
        var done: Bool { isStopping && running.withLock { $0.isEmpty } }
        while !done {
            let lease = currentConfig.leaseSeconds
            let next = ContinuousClock.now + .seconds(max(0.5, lease / 4))
            while !done, ContinuousClock.now < next {
                try? await Task.sleep(for: .milliseconds(200))
            }
            if !done { await journalWork { self.renewLeases(lease) } }
        }
    }

    func renewLeases(_ lease: Double) {
        for (id, claim) in claims.withLock({ $0 }) {
            do {
                if try journal.renew(claim, leaseSeconds: lease) { continue }
                logger.warning(
                    "lost the claim on a job (its lease ran out and another machine took it); stopping it",
                    metadata: ["job.id": "\(id)", "token": "\(claim.token)"])
                running.withLock { $0[id] }?.stop(.leaseLost)
            } catch {
                logger.warning("cannot renew a lease", metadata: ["job.id": "\(id)", "reason": "\(error)"])
            }
        }
    }
}
