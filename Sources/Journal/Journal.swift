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
    /// When it was queued, last started and finished, in seconds since 1970 (nil: not yet, or a
    /// journal written before these were kept).
    public var queuedAt: Double?
    public var startedAt: Double?
    public var finishedAt: Double?
    /// Where the input now lies when it was moved out of the drop folder (the failed folder).
    public var parked: String?
}

/// The SQLite journal of every file the daemon has taken: one row per file identity, so that a
/// file done is never redone and work in flight when the daemon died is picked up again.
///
/// One connection, serialised by a mutex: the daemon's few writes per job are cheap, and
/// SQLite's WAL lets `soundtrack status` and `soundtrack retry` use it from another process at
/// the same time.
public final class Journal: Sendable {
    let connection: Mutex<SQLiteConnection>
    public let path: String
    /// The columns this journal's table has (older journals lack the time and parking columns;
    /// a read-only reader cannot add them, so it reads NULL in their place).
    let columns: Set<String>

    /// Opens (creating if needed) the journal at `path`. Read-only, it never writes a byte (not
    /// even SQLite's shared-memory file when the folder is not writable), so `status` works for
    /// a reader while the daemon is stopped.
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
            try Self.addMissingColumns(db)
        }
        columns = try Self.columnNames(db)
        connection = Mutex(db)
    }

    static func now() -> Int64 { Int64(time(nil)) }

    /// Milliseconds since 1970, for the times `status` shows.
    static func nowMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Puts jobs that were running when the daemon stopped back in the queue. Returns how many.
    @discardableResult
    public func requeueInterrupted() throws(JournalError) -> Int {
        try connection.withLock { db throws(JournalError) in
            try db.query(
                "UPDATE files SET state = 'queued', started_at = NULL, updated = ? WHERE state = 'running'",
                [.integer(Self.now())])
            return db.changes
        }
    }

    /// What `enqueue` found.
    public enum Admission: Sendable, Equatable {
        /// A new row, now queued.
        case queued(id: Int64)
        /// A file that had failed and was moved to the failed folder is back in its drop folder
        /// (someone moved it back to try again): queued again, its attempts reset.
        case returned(id: Int64)
        /// This very file is already known, in this state.
        case known(JobState)
    }

    /// Queues `identity` unless this exact file is already known. Older queued rows for the same
    /// path (an earlier version of the file that never got processed) are dropped.
    public func enqueue(_ identity: FileIdentity) throws(JournalError) -> Admission {
        try connection.withLock { db throws(JournalError) in
            let existing = try db.query(
                "SELECT id, state, parked FROM files WHERE path = ? AND size = ? AND modified = ? AND hash = ?",
                Self.key(identity))
            if let row = existing.first, let id = row[0].integer,
                let state = row[1].text.flatMap(JobState.init(rawValue:))
            {
                // `mv` back keeps the modification time, so the identity is the same as when it
                // failed; that it had been parked elsewhere tells a return from a rescan.
                guard state == .failed, row[2].text != nil else { return .known(state) }
                try Self.requeue(id, in: db)
                return .returned(id: id)
            }
            try db.execute("BEGIN IMMEDIATE")
            do throws(JournalError) {
                try db.query(
                    "DELETE FROM files WHERE path = ? AND state = 'queued'", [.text(identity.path)])
                try db.query(
                    """
                    INSERT INTO files (path, size, modified, hash, state, updated, queued_at)
                    VALUES (?, ?, ?, ?, 'queued', ?, ?)
                    """,
                    Self.key(identity) + [.integer(Self.now()), .integer(Self.nowMilliseconds())])
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
            let now = Self.nowMilliseconds()
            _ = try db.query(
                """
                INSERT OR IGNORE INTO files (path, size, modified, hash, state, outcome, updated, queued_at, finished_at)
                VALUES (?, ?, ?, ?, 'refused', ?, ?, ?, ?)
                """,
                Self.key(identity) + [.text(reason), .integer(Self.now()), .integer(now), .integer(now)])
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
                """
                UPDATE files SET state = 'running', attempts = attempts + 1, updated = ?, started_at = ?,
                finished_at = NULL WHERE id = ?
                """,
                [.integer(Self.now()), .integer(Self.nowMilliseconds()), .integer(id)])
            return try entry(id: id, in: db)
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
            try entry(id: id, in: db)?.attempts ?? maximumAttempts
        }
        let state: JobState = retry && attempts < maximumAttempts ? .queued : .failed
        try update(id, state: state, outcome: reason, stage: stage)
        return state
    }

    /// Gives a job back without counting the attempt (it was interrupted by a shutdown).
    public func giveBack(_ id: Int64) throws(JournalError) {
        try connection.withLock { db throws(JournalError) in
            _ = try db.query(
                """
                UPDATE files SET state = 'queued', attempts = max(0, attempts - 1), started_at = NULL, updated = ?
                WHERE id = ?
                """,
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
            try db.query("SELECT \(selectList) FROM files ORDER BY id").compactMap(Self.entry(row:))
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

    private func update(_ id: Int64, state: JobState, outcome: String?, stage: String?) throws(JournalError) {
        let finished: SQLValue = state == .queued ? .null : .integer(Self.nowMilliseconds())
        try connection.withLock { db throws(JournalError) in
            _ = try db.query(
                "UPDATE files SET state = ?, outcome = ?, stage = ?, updated = ?, finished_at = ? WHERE id = ?",
                [
                    .text(state.rawValue), outcome.map(SQLValue.text) ?? .null, stage.map(SQLValue.text) ?? .null,
                    .integer(Self.now()), finished, .integer(id),
                ])
        }
    }

    static func key(_ identity: FileIdentity) -> [SQLValue] {
        [.text(identity.path), .integer(identity.size), .integer(identity.modified), .text(identity.hash)]
    }
}
