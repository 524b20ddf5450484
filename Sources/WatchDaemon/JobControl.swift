import MediaIO
import Synchronization

/// The handle a running job is stopped through: a time limit or a shutdown sets the interrupt
/// flag FFmpeg polls, and records why, so that the worker knows what to tell the journal.
final class JobControl: Sendable {
    enum Reason: Int, Sendable {
        case none = 0
        case timeLimit, shutdown
        /// Another machine claimed the job after this one's lease ran out.
        case leaseLost
        /// The journal could not be asked, just before publishing, whether the claim holds.
        case claimUnconfirmed
        /// The input file was replaced or rewritten while its job ran: the output would mix the
        /// old and the new.
        case inputChanged
    }

    let interrupt = InterruptFlag()
    /// When the worker took the job (monotonic seconds): a job far past its limit means a
    /// wedged worker, which `/healthz` reports.
    let startedAt: Double
    /// The job's time limit, `job_seconds` as it was when the job was claimed: the job runner
    /// stops the job after it, and `/healthz` measures the job against it.
    let jobSeconds: Double

    init(startedAt: Double, jobSeconds: Double) {
        self.startedAt = startedAt
        self.jobSeconds = jobSeconds
    }
    private let reasonValue = Atomic<Int>(0)

    var reason: Reason { Reason(rawValue: reasonValue.load(ordering: .acquiring)) ?? .none }

    func stop(_ reason: Reason) {
        _ = reasonValue.compareExchange(expected: 0, desired: reason.rawValue, ordering: .acquiringAndReleasing)
        interrupt.set()
    }
}
