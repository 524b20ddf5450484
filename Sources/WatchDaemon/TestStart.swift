/// Test hooks for what happens before READY: SOUNDTRACK_TEST_READY_DELAY_SECONDS holds the
/// watcher that long after it has started watching and looked through the folders, before it
/// waits for recovery and says READY (as a slow recovery or a database outage would), so that
/// files dropped meanwhile wait as inotify events in the watcher's bounded stream;
/// SOUNDTRACK_TEST_EVENT_BUFFER makes that stream hold so few events (instead of 16,384) that
/// a few dozen files overflow it.
struct TestStart: Sendable {
    let readyDelaySeconds: Double
    let eventBuffer: Int?

    init(environment: [String: String]) {
        readyDelaySeconds = environment["SOUNDTRACK_TEST_READY_DELAY_SECONDS"].flatMap(Double.init) ?? 0
        eventBuffer = environment["SOUNDTRACK_TEST_EVENT_BUFFER"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }
}
