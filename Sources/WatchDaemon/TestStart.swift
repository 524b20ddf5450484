/// A test hook for what happens before READY: SOUNDTRACK_TEST_READY_DELAY_SECONDS holds the
/// watcher that long after it has started watching and looked through the folders, before it
/// waits for recovery and says READY (as a slow recovery or a database outage would), so that
/// files dropped meanwhile wait as inotify events in the watcher's bounded stream.
struct TestStart: Sendable {
    let readyDelaySeconds: Double

    init(environment: [String: String]) {
        readyDelaySeconds = environment["SOUNDTRACK_TEST_READY_DELAY_SECONDS"].flatMap(Double.init) ?? 0
    }
}
