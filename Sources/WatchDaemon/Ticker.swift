/// A timer as an async sequence: one tick every `interval`, measured from the start so that a
/// slow tick does not shift the rest (a tick missed while the consumer was busy is skipped,
/// not queued). The sequence ends when the task that iterates it is cancelled.
///
/// The daemon's periodic work (settling arrivals, rescans, waking idle workers, renewing
/// leases, systemd's watchdog) is each one `for await _ in Ticker(...)` loop.
struct Ticker: AsyncSequence, Sendable {
    typealias Element = ContinuousClock.Instant

    /// Asked before each tick, so that a period taken from the configuration follows a reload.
    let interval: @Sendable () -> Duration

    init(every interval: Duration) {
        self.interval = { interval }
    }

    init(every interval: @escaping @Sendable () -> Duration) {
        self.interval = interval
    }

    func makeAsyncIterator() -> Iterator {
        Iterator(interval: interval, next: ContinuousClock.now)
    }

    struct Iterator: AsyncIteratorProtocol {
        let interval: @Sendable () -> Duration
        var next: ContinuousClock.Instant

        mutating func next() async -> ContinuousClock.Instant? {
            let now = ContinuousClock.now
            next = next + interval()
            if next < now { next = now + interval() }
            do {
                try await Task.sleep(until: next, clock: .continuous)
            } catch {
                return nil
            }
            return next
        }
    }
}
