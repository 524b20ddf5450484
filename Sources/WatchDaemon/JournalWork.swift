import Threads

/// Runs journal work (which waits while the database cannot be reached) on a thread of its own,
/// never on one of the cooperative pool's few threads: a pool blocked by an outage would not even
/// run the shutdown that SIGTERM asks for. The daemon's loops and its job runner both call it.
func journalWork<T>(_ work: @escaping @Sendable () -> T) async -> T {
    await Background.run(name: "journal", work)
}
