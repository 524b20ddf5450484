/// What the journal's SQL needs from a database: statements with `?` parameters, rows back, and
/// the few places where SQLite and PostgreSQL speak differently. The journal's logic is written
/// once, in `Journal`, over this protocol; `SQLiteConnection` and `PostgresConnection` are its
/// two engines. Not thread-safe by itself: `Journal` serialises every use behind its mutex,
/// which is why the engines may call themselves Sendable.
protocol JournalEngine: AnyObject, Sendable {
    /// Where the journal is, for messages (a PostgreSQL URL never carries a password).
    var location: String { get }
    var dialect: SQLDialect { get }
    /// Runs statements that take no parameters and return no rows.
    func execute(_ sql: String) throws(JournalError)
    /// Runs one statement; `?` marks each parameter, in order.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(JournalError) -> [[SQLValue]]
    /// Connects again after the connection was lost (a server restart, a network cut).
    func reconnect() throws(JournalError)
    /// The columns of the `files` table.
    func columnNames() throws(JournalError) -> Set<String>
}

/// The differences between the two engines' SQL.
struct SQLDialect: Sendable {
    /// Starts a transaction that will write.
    var begin: String
    /// Added to the SELECT that picks a job to claim, so that machines claiming at once skip
    /// each other's rows instead of waiting on them.
    var claimLock: String
    /// The database's clock in milliseconds since 1970: leases are measured on the one clock
    /// every machine shares.
    var nowMilliseconds: String
    /// The type of the journal's whole numbers.
    var integer: String
    /// What a setup transaction takes first, so that daemons starting together take turns.
    var setupLock: String?
    /// The `files` table and its indexes: `files_claimable` holds only the rows a claim looks
    /// at, so that claiming stays as fast with a million done rows as with none.
    var schema: String

    static let sqlite = SQLDialect(
        begin: "BEGIN IMMEDIATE", claimLock: "",
        nowMilliseconds: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
        integer: "INTEGER", setupLock: nil,
        schema: schema(key: "INTEGER PRIMARY KEY", integer: "INTEGER"))

    static let postgres = SQLDialect(
        begin: "BEGIN", claimLock: "FOR UPDATE SKIP LOCKED",
        nowMilliseconds: "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)",
        integer: "BIGINT", setupLock: "SELECT pg_advisory_xact_lock(7813001)",
        schema: schema(key: "BIGSERIAL PRIMARY KEY", integer: "BIGINT"))

    private static func schema(key: String, integer: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS files (
            id \(key),
            path TEXT NOT NULL,
            size \(integer) NOT NULL,
            modified \(integer) NOT NULL,
            hash TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts \(integer) NOT NULL DEFAULT 0,
            outcome TEXT,
            stage TEXT,
            updated \(integer) NOT NULL,
            UNIQUE (path, size, modified, hash)
        );
        CREATE INDEX IF NOT EXISTS files_state ON files (state, id);
        CREATE INDEX IF NOT EXISTS files_claimable ON files (id) WHERE state IN ('queued', 'running');
        """
    }
}

extension JournalEngine {
    /// Runs `body` in a write transaction, rolled back when it throws.
    func transaction<T>(_ body: () throws(JournalError) -> T) throws(JournalError) -> T {
        try execute(dialect.begin)
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// What a closed journal's connection becomes: every statement fails, and the engine it
/// replaced is released, so that its database connection closes (SQLite folds its WAL back
/// into the file and removes the -wal and -shm files) before the process ends.
final class ClosedEngine: JournalEngine {
    let location: String
    let dialect: SQLDialect

    init(replacing engine: any JournalEngine) {
        location = engine.location
        dialect = engine.dialect
    }

    func execute(_ sql: String) throws(JournalError) { throw closed }
    func query(_ sql: String, _ parameters: [SQLValue]) throws(JournalError) -> [[SQLValue]] { throw closed }
    func reconnect() throws(JournalError) { throw closed }
    func columnNames() throws(JournalError) -> Set<String> { throw closed }

    private var closed: JournalError { .failed(path: location, reason: "the journal is closed") }
}
