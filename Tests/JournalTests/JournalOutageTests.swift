import Foundation
import Synchronization
import Testing
import Threads

@testable import Journal

/// The PostgreSQL journal when its database goes away: a lost connection is made again, and a
/// wait for a database that stays away ends when the daemon stops.
@Suite(
    "Journal: the database going away",
    .enabled(if: Engine.postgresqlURL != nil, "skipped: no PostgreSQL server; run through scripts/with-postgresql.sh"))
struct JournalOutageTests {
    /// A database of its own (connections to it are refused during the test), dropped after.
    private final class Database {
        let admin: PostgresConnection
        let name = "outage_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let location: String

        init() throws {
            let url = try #require(Engine.postgresqlURL)
            admin = try PostgresConnection(url: url, password: nil, application: "tests")
            try admin.execute("CREATE DATABASE \(name)")
            location = url.replacingOccurrences(of: ":///postgres?", with: ":///\(name)?")
            #expect(location != url, "the test server's URL names the postgres database")
        }

        deinit {
            try? admin.execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
            try? admin.execute("DROP DATABASE \(name) WITH (FORCE)")
        }

        /// Ends every connection to the database, as a server restart does.
        func dropConnections() throws {
            try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'")
        }

        func allowConnections(_ allowed: Bool) throws {
            try admin.execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS \(allowed)")
        }
    }

    @Test("a connection the server ended is made again on the next operation")
    func reconnects() throws {
        let database = try Database()
        let journal = try Journal(location: database.location, password: nil, machine: "one")
        _ = try journal.enqueue(FileIdentity(path: "/in/a.mp4", size: 1, modified: 1, hash: "00"))
        try database.dropConnections()
        #expect(try journal.counts()[.queued] == 1)
        let claim = try #require(try journal.claimNext(leaseSeconds: 30)).claim
        try database.dropConnections()
        #expect(try journal.renew(claim, leaseSeconds: 30))
        #expect(try journal.markDone(claim, output: "/out/a.mp4"))
    }

    /// Without `stopRetrying`, the wait would last two minutes, past the time limit.
    @Test(
        "stopRetrying ends a wait for an unreachable database at once; later operations try once",
        .timeLimit(.minutes(1)))
    func stopRetrying() async throws {
        let database = try Database()
        let journal = try Journal(location: database.location, password: nil, machine: "one")
        _ = try journal.enqueue(FileIdentity(path: "/in/a.mp4", size: 1, modified: 1, hash: "00"))
        let waits = Mutex<[String]>([])
        journal.onWaiting { error, _ in waits.withLock { $0.append(error.description) } }
        try database.allowConnections(false)
        try database.dropConnections()
        let reading = Background(name: "reader") { try journal.counts() }
        while waits.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
        journal.stopRetrying()
        await #expect(throws: JournalError.self) { _ = try await reading.value }
        #expect(waits.withLock { $0 }.allSatisfy { $0.contains("cannot reach the journal's database") })
        // Once stopped, an operation tries once: it fails while the database is away...
        #expect(throws: JournalError.self) { _ = try journal.counts() }
        // ...and works again as soon as it is back.
        try database.allowConnections(true)
        #expect(try journal.counts()[.queued] == 1)
    }
}
