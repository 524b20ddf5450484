import Synchronization

/// Wakes idle workers when there may be work: a file queued, a job given back or retried here,
/// and a periodic tick for what other machines and `soundtrack retry` change in the journal.
/// Each worker waits on a stream of its own (an `AsyncStream` has one reader); a wake-up that
/// comes while a worker is busy is kept (one, not a count), so it looks again when it is free.
final class WorkSignal: Sendable {
    private let waiting = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])

    /// The wake-ups of worker `index`; the stream ends when the daemon stops.
    func wakeups(for index: Int) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        waiting.withLock { $0[index] = continuation }
        return stream
    }

    func signal() {
        for continuation in waiting.withLock({ Array($0.values) }) { continuation.yield() }
    }

    /// Ends every worker's wait.
    func finish() {
        for continuation in waiting.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
