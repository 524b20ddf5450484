import Foundation
import TestSupport
import Testing

@testable import Journal

/// The two engines the same journal tests run on. PostgreSQL is the server
/// scripts/with-postgresql.sh starts (SOUNDTRACK_TEST_POSTGRESQL); each test gets a schema of its
/// own in it, dropped afterwards.
enum Engine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgresql

    var testDescription: String { rawValue }

    static let postgresqlURL = ProcessInfo.processInfo.environment["SOUNDTRACK_TEST_POSTGRESQL"]
    /// Set by scripts/with-postgresql.sh (and so by `make test` and CI): there the PostgreSQL
    /// tests must run, never be skipped.
    static let postgresqlRequired = ProcessInfo.processInfo.environment["SOUNDTRACK_REQUIRE_POSTGRESQL"] != nil

    /// The engines these tests run on here: PostgreSQL only when a server was given.
    static var available: [Engine] { postgresqlURL == nil && !postgresqlRequired ? [.sqlite] : allCases }
}

/// One journal store for one test: an SQLite file or a PostgreSQL schema, opened as many times
/// as there are machines.
final class JournalStore {
    let engine: Engine
    private let location: String
    private let schema: String?
    /// The SQLite file's folder (the file, its -wal and -shm go with it).
    private let folder: TemporaryFolder?

    init(_ engine: Engine) throws {
        self.engine = engine
        let name = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        switch engine {
        case .sqlite:
            let folder = try TemporaryFolder(prefix: "soundtrack-journal")
            location = folder.path("journal.sqlite")
            schema = nil
            self.folder = folder
        case .postgresql:
            guard let url = Engine.postgresqlURL else {
                throw JournalError.unreachable(
                    location: "SOUNDTRACK_TEST_POSTGRESQL",
                    reason: "not set; run the tests through scripts/with-postgresql.sh")
            }
            let schema = "t_\(name)"
            try PostgresConnection(url: url, password: nil, application: "tests").execute("CREATE SCHEMA \(schema)")
            location = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
            self.schema = schema
            folder = nil
        }
    }

    deinit {
        switch engine {
        case .sqlite:
            break
        case .postgresql:
            if let schema, let url = Engine.postgresqlURL {
                try? PostgresConnection(url: url, password: nil, application: "tests")
                    .execute("DROP SCHEMA \(schema) CASCADE")
            }
        }
    }

    /// The journal as machine `machine` opens it.
    func open(machine: String = "one", readOnly: Bool = false) throws -> Journal {
        try Journal(location: location, password: nil, readOnly: readOnly, machine: machine)
    }
}

@Suite("Journal engines")
struct JournalEngineAvailability {
    @Test(
        "PostgreSQL is there for the shared journal's tests",
        .enabled(
            if: Engine.postgresqlURL != nil || Engine.postgresqlRequired,
            "skipped: no PostgreSQL server; run through scripts/with-postgresql.sh (make test does) to test that engine"
        ))
    func postgresqlIsThere() throws {
        let url = try #require(Engine.postgresqlURL, "SOUNDTRACK_REQUIRE_POSTGRESQL is set but no server was given")
        let store = try JournalStore(.postgresql)
        let journal = try store.open()
        #expect(journal.path == journal.path.replacingOccurrences(of: "password", with: ""))
        #expect(url.hasPrefix("postgresql://"))
    }
}
