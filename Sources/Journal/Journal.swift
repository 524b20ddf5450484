import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where a file stands.
public enum JobState: String, Sendable, CaseIterable, Codable {
    /// Complete and waiting for a worker.
    case queued
    /// A worker has it (after a crash, such rows go back to `queued`).
    case running
    /// Soundtracked; never done again.
    case done
    /// Failed too often (or cannot ever work); moved to the failed folder.
    case failed
    /// Never attempted: a symlink, a file that is not regular, or one that vanished.
    case refused
}

/// One row of the journal.
public struct JournalEntry: Sendable, Equatable {
    public var id: Int64
    public var identity: FileIdentity
    public var state: JobState
    public var attempts: Int
    /// The output path when done, the reason when failed or refused.
    public var outcome: String?
    /// The stage a failure happened in.
    public var stage: String?
    /// Seconds since 1970 of the last change.
    public var updated: Int64
}

/// The SQLite journal of every file the daemon has taken: one row per file identity, so that a
/// file done is never redone and work in flight when the daemon died is picked up again.
///
/// One connection, serialised by a mutex: the daemon's few writes per job are cheap, and
/// SQLite's WAL lets `soundtrack status` read at the same time from another process.
public final class Journal: Sendable {
    private let connection: Mutex<SQLiteConnection>
    public let path: String

    /// Opens (creating if needed) the journal at `path`.
    public init(path: String, readOnly: Bool = false) throws(JournalError) {
        self.path = path
        let db = try SQLiteConnection(path: path, readOnly: readOnly)
        if !readOnly {
            try db.execute(
                """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS files (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    modified INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    outcome TEXT,
                    stage TEXT,
                    updated INTEGER NOT NULL,
                    UNIQUE (path, size, modified, hash)
                );
                CREATE INDEX IF NOT EXISTS files_state ON files (state, id);
                """)
        }
        connection = Mutex(db)
    }

    private static func now() -> Int64 { Int64(time(nil)) }

    /// Puts jobs that were running when the daemon stopped back in the queue. Returns how many.
    @discardableResult
    public func requeueInterrupted() throws(JournalError) -> Int {
        try connection.withLock { db throws(JournalError) in
            try db.query(
                "UPDATE files SET state = 'queued', updated = ? WHERE state = 'running'", [.integer(Self.now())])
            return db.changes
        }
    }

    /// What `enqueue` found.
    public enum Admission: Sendable, Equatable {
        /// A new row, now queued.
        case queued(id: Int64)
        /// This very file is already known, in this state.
        case known(JobState)
    }

    /// Queues `identity` unless this exact file is already known. Older queued rows for the same
    /// path (an earlier version of the file that never got processed) are dropped.
    public func enqueue(_ identity: FileIdentity) throws(JournalError) -> Admission {
        try connection.withLock { db throws(JournalError) in
            let existing = try db.query(
                "SELECT state FROM files WHERE path = ? AND size = ? AND modified = ? AND hash = ?",
                Self.key(identity))
            if let state = existing.first?[0].text.flatMap(JobState.init(rawValue:)) {
                return .known(state)
            }
            try db.execute("BEGIN IMMEDIATE")
            do throws(JournalError) {
                try db.query(
                    "DELETE FROM files WHERE path = ? AND state = 'queued'", [.text(identity.path)])
                try db.query(
                    "INSERT INTO files (path, size, modified, hash, state, updated) VALUES (?, ?, ?, ?, 'queued', ?)",
                    Self.key(identity) + [.integer(Self.now())])
                let id = db.lastInsertedRow
                try db.execute("COMMIT")
                return .queued(id: id)
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Records a file that will not be attempted, with the reason. Known files are left alone.
    /// Returns whether it was new.
    @discardableResult
    public func refuse(_ identity: FileIdentity, reason: String) throws(JournalError) -> Bool {
        try connection.withLock { db throws(JournalError) in
            _ = try db.query(
                """
                INSERT OR IGNORE INTO files (path, size, modified, hash, state, outcome, updated)
                VALUES (?, ?, ?, ?, 'refused', ?, ?)
                """,
                Self.key(identity) + [.text(reason), .integer(Self.now())])
            return db.changes > 0
        }
    }

    /// Takes the oldest queued job, marks it running and counts the attempt.
    public func claimNext() throws(JournalError) -> JournalEntry? {
        try connection.withLock { db throws(JournalError) in
            guard
                let row = try db.query(
                    "SELECT id FROM files WHERE state = 'queued' ORDER BY id LIMIT 1"
                ).first, let id = row[0].integer
            else { return nil }
            try db.query(
                "UPDATE files SET state = 'running', attempts = attempts + 1, updated = ? WHERE id = ?",
                [.integer(Self.now()), .integer(id)])
            return try Self.entry(id: id, in: db)
        }
    }

    /// The job succeeded.
    public func markDone(_ id: Int64, output: String) throws(JournalError) {
        try update(id, state: .done, outcome: output, stage: nil)
    }

    /// The job failed. Returns the new state: `queued` for another try while attempts remain and
    /// the failure may pass, `failed` otherwise.
    public func markFailed(
        _ id: Int64, reason: String, stage: String?, retry: Bool, maximumAttempts: Int
    ) throws(JournalError) -> JobState {
        let attempts = try connection.withLock { db throws(JournalError) in
            try Self.entry(id: id, in: db)?.attempts ?? maximumAttempts
        }
        let state: JobState = retry && attempts < maximumAttempts ? .queued : .failed
        try update(id, state: state, outcome: reason, stage: stage)
        return state
    }

    /// Gives a job back without counting the attempt (it was interrupted by a shutdown).
    public func giveBack(_ id: Int64) throws(JournalError) {
        try connection.withLock { db throws(JournalError) in
            _ = try db.query(
                "UPDATE files SET state = 'queued', attempts = max(0, attempts - 1), updated = ? WHERE id = ?",
                [.integer(Self.now()), .integer(id)])
        }
    }

    /// Marks a job that cannot run because its file is gone or changed.
    public func markRefused(_ id: Int64, reason: String) throws(JournalError) {
        try update(id, state: .refused, outcome: reason, stage: nil)
    }

    /// Every row, oldest first.
    public func entries() throws(JournalError) -> [JournalEntry] {
        try connection.withLock { db throws(JournalError) in
            try db.query("SELECT \(Self.columns) FROM files ORDER BY id").compactMap(Self.entry(row:))
        }
    }

    /// How many rows are in each state.
    public func counts() throws(JournalError) -> [JobState: Int] {
        try connection.withLock { db throws(JournalError) in
            var counts: [JobState: Int] = [:]
            for row in try db.query("SELECT state, count(*) FROM files GROUP BY state") {
                if let state = row[0].text.flatMap(JobState.init(rawValue:)), let count = row[1].integer {
                    counts[state] = Int(count)
                }
            }
            return counts
        }
    }

    // MARK: - Rows

    private func update(_ id: Int64, state: JobState, outcome: String?, stage: String?) throws(JournalError) {
        try connection.withLock { db throws(JournalError) in
            _ = try db.query(
                "UPDATE files SET state = ?, outcome = ?, stage = ?, updated = ? WHERE id = ?",
                [
                    .text(state.rawValue), outcome.map(SQLValue.text) ?? .null, stage.map(SQLValue.text) ?? .null,
                    .integer(Self.now()), .integer(id),
                ])
        }
    }

    private static let columns = "id, path, size, modified, hash, state, attempts, outcome, stage, updated"

    private static func key(_ identity: FileIdentity) -> [SQLValue] {
        [.text(identity.path), .integer(identity.size), .integer(identity.modified), .text(identity.hash)]
    }

    private static func entry(id: Int64, in db: SQLiteConnection) throws(JournalError) -> JournalEntry? {
        try db.query("SELECT \(columns) FROM files WHERE id = ?", [.integer(id)]).first.flatMap(entry(row:))
    }

    private static func entry(row: [SQLValue]) -> JournalEntry? {
        guard row.count == 10, let id = row[0].integer, let path = row[1].text, let size = row[2].integer,
            let modified = row[3].integer, let hash = row[4].text,
            let state = row[5].text.flatMap(JobState.init(rawValue:)), let attempts = row[6].integer,
            let updated = row[9].integer
        else { return nil }
        return JournalEntry(
            id: id, identity: FileIdentity(path: path, size: size, modified: modified, hash: hash), state: state,
            attempts: Int(attempts), outcome: row[7].text, stage: row[8].text, updated: updated)
    }
}
