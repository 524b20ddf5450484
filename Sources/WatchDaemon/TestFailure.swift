import ServiceLifecycle

/// A test hook that makes one of the daemon's services fail, as a service that meets an error
/// it cannot go on from would: with SOUNDTRACK_TEST_SERVICE_FAILS_AT_JOBS=N, one more service
/// in the group throws as soon as N jobs are running at once. The group then cancels every
/// service, which is the path the tests check (jobs stopped at once and given back, exit 70).
struct TestFailureService: Service {
    let daemon: DaemonState
    let runningJobs: Int

    /// The count the environment asks for, or nil (always, outside the tests).
    static func runningJobs(environment: [String: String]) -> Int? {
        environment["SOUNDTRACK_TEST_SERVICE_FAILS_AT_JOBS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    struct Failure: Error, CustomStringConvertible {
        let runningJobs: Int
        var description: String {
            "test hook: a service failed with \(runningJobs) jobs running (SOUNDTRACK_TEST_SERVICE_FAILS_AT_JOBS)"
        }
    }

    func run() async throws {
        for await _ in Ticker(every: .milliseconds(100)).cancelOnGracefulShutdown() {
            if daemon.running.withLock({ $0.count }) >= runningJobs { throw Failure(runningJobs: runningJobs) }
        }
    }
}
