import Synchronization

/// A test hook that makes a job hang, deaf to its time limit, as a wedged worker would:
/// SOUNDTRACK_TEST_JOB_HANG_SECONDS makes each job first sleep that long; with
/// SOUNDTRACK_TEST_JOB_HANG_JOB=N, only this daemon's Nth job does (so that a test knows
/// which job a daemon is in the middle of when it kills or freezes it).
final class TestHang: Sendable {
    let seconds: Double
    let onlyJob: Int?
    private let started = Atomic<Int>(0)

    init(environment: [String: String]) {
        seconds = environment["SOUNDTRACK_TEST_JOB_HANG_SECONDS"].flatMap(Double.init) ?? 0
        onlyJob = environment["SOUNDTRACK_TEST_JOB_HANG_JOB"].flatMap(Int.init)
    }

    /// How long the job starting now hangs (0: not at all).
    func nextJob() -> Double {
        guard seconds > 0 else { return 0 }
        let ordinal = started.add(1, ordering: .relaxed).newValue
        return onlyJob == nil || onlyJob == ordinal ? seconds : 0
    }
}
