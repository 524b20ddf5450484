import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where a file stands.
public enum JobState: String, Sendable, CaseIterable, Codable {
    /// Complete and waiting for a worker.
    case queued
    /// A machine's worker has it, under a lease it renews; when the lease runs out (the machine
    /// crashed, froze or was cut off), any machine may claim it again.
    case running
    /// Soundtracked; never done again.
    case done
    /// Failed too often (or cannot ever work); moved to the failed folder.
    case failed
    /// Never attempted: a symlink, a file that is not regular, or one that vanished.
    case refused
}

/// One claim of a job: its row and the fencing token the claim was given. Every later write for
/// the job names the claim, and is refused once another claim (by any machine) has followed it.
public struct Claim: Sendable, Hashable {
    public var id: Int64
    public var token: Int64

    public init(id: Int64, token: Int64) {
        self.id = id
        self.token = token
    }
}

/// One row of the journal.
public struct JournalEntry: Sendable, Equatable {
    public var id: Int64
    public var identity: FileIdentity
    public var state: JobState
    /// Attempts started, on every machine.
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
    /// The machine that last claimed it (`[daemon] machine`).
    public var machine: String? = nil
    /// The fencing token of the last claim: it grows by one with each claim.
    public var token: Int64 = 0
    /// Attempts that ended in failure, on every machine.
    public var failures: Int = 0

    /// The claim a worker holds while the entry is running.
    public var claim: Claim { Claim(id: id, token: token) }
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

/// The journal of every file the daemons have taken: one row per file identity, so that a file
/// done is never redone, and work in flight on a machine that died is picked up again.
///
/// Two engines under one logic (`JournalEngine`): an SQLite file for one machine (the default),
/// or a PostgreSQL database (`postgresql://...`) that several machines watching one shared
/// folder claim their work from. One connection per journal, serialised by a mutex: the
/// daemon's few writes per job are cheap.
public final class Journal: Sendable {
    let connection: Mutex<any JournalEngine>
    /// The SQLite file, or the PostgreSQL URL (never with a password).
    public let path: String
    /// The machine this journal claims jobs for.
    public let machine: String
    let dialect: SQLDialect
    /// The columns this journal's table has (older journals lack the later columns; a read-only
    /// reader cannot add them, so it reads NULL in their place).
    let columns: Set<String>
    /// How long an operation keeps trying while the database cannot be reached.
    let retrySeconds: Double
    /// Told each time the database cannot be reached and the journal waits to try again.
    let waiting: Mutex<(@Sendable (JournalError, Double) -> Void)?> = Mutex(nil)
    /// Cleared by `stopRetrying()`: from then on an operation tries once.
    let retrying = Atomic<Bool>(true)

    /// Opens (creating if needed) the SQLite journal at `path`. Read-only, it never writes a
    /// byte (not even SQLite's shared-memory file when the folder is not writable), so `status`
    /// works for a reader while the daemon is stopped.
    public convenience init(path: String, readOnly: Bool = false, machine: String = Journal.hostName())
        throws(JournalError)
    {
        try self.init(location: path, password: nil, readOnly: readOnly, machine: machine)
    }

    /// Opens the journal at `location`: a `postgresql://` URL, or else an SQLite file path.
    public init(
        location: String, password: String?, readOnly: Bool = false, machine: String = Journal.hostName(),
        retrySeconds: Double = 120
    ) throws(JournalError) {
        let engine: any JournalEngine
        if Self.isDatabaseURL(location) {
            engine = try PostgresConnection(url: location, password: password, application: "soundtrack \(machine)")
        } else {
            engine = try SQLiteConnection(path: location, readOnly: readOnly)
        }
        path = engine.location
        self.machine = machine
        self.retrySeconds = retrySeconds
        dialect = engine.dialect
        if !readOnly { try Self.createTables(engine) }
        columns = try engine.columnNames()
        connection = Mutex(engine)
    }

    /// Whether `location` names a PostgreSQL database rather than an SQLite file.
    public static func isDatabaseURL(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// This machine's name, the default of `[daemon] machine`.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// Calls `body` with every wait for an unreachable database (the error, and the seconds
    /// until the next try), so the daemon can say so in its log and status.
    public func onWaiting(_ body: @escaping @Sendable (JournalError, Double) -> Void) {
        waiting.withLock { $0 = body }
    }

    /// Ends every wait for an unreachable database, now and later: operations waiting give up
    /// with `.unreachable`, and later ones try once. The daemon calls it when it begins to stop,
    /// so that an outage cannot hold its shutdown (what it could not record stays in the
    /// journal as it was: a running job goes back to the queue when its lease runs out, or at
    /// the next start).
    public func stopRetrying() {
        retrying.store(false, ordering: .relaxed)
    }

    /// Closes the connection now rather than when the last reference goes: a daemon's stop
    /// ends with it, so that the database is left clean however the process exits (an SQLite
    /// journal without its -wal and -shm files). Every later call fails.
    public func close() {
        connection.withLock { engine in engine = ClosedEngine(replacing: engine) }
    }

    static func now() -> Int64 { Int64(time(nil)) }

    /// Milliseconds since 1970, for the times `status` shows.
    static func nowMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Runs `body` on the connection; while the database cannot be reached, runs it again (the
    /// engine connects again first), waiting longer each time (up to 5 s), for `retrySeconds`
    /// in all, or until `stopRetrying()`. Every operation is written so that running it again
    /// after a lost answer does no harm.
    func withEngine<T: Sendable>(_ body: (any JournalEngine) throws(JournalError) -> T) throws(JournalError) -> T {
        try connection.withLock { db throws(JournalError) in
            var delay = 0.25
            var waited = 0.0
            while true {
                do throws(JournalError) {
                    return try body(db)
                } catch {
                    guard case .unreachable = error, waited < retrySeconds, isRetrying else { throw error }
                    waiting.withLock { $0 }?(error, delay)
                    guard pause(seconds: delay) else { throw error }
                    waited += delay
                    delay = min(delay * 2, 5)
                }
            }
        }
    }

    private var isRetrying: Bool { retrying.load(ordering: .relaxed) }

    /// Sleeps in short slices, so that `stopRetrying()` is heard within 50 ms; false when it was.
    private func pause(seconds: Double) -> Bool {
        var left = seconds
        while left > 0 {
            guard isRetrying else { return false }
            let slice = min(left, 0.05)
            usleep(UInt32(slice * 1_000_000))
            left -= slice
        }
        return isRetrying
    }

    /// Puts this machine's jobs that were running when its daemon stopped back in the queue
    /// (other machines' jobs go back when their lease runs out). Returns how many.
    @discardableResult
    public func requeueInterrupted() throws(JournalError) -> Int {
        try withEngine { db throws(JournalError) in
            try db.query(
                """
                UPDATE files SET state = 'queued', started_at = NULL, lease_until = NULL, updated = ?
                WHERE state = 'running' AND (machine = ? OR machine IS NULL) RETURNING id
                """,
                [.integer(Self.now()), .text(machine)]
            ).count
        }
    }

    /// Queues `identity` unless this exact file is already known. Older queued rows for the same
    /// path (an earlier version of the file that never got processed) are dropped. Several
    /// machines may admit the same file at once: one row comes of it.
    public func enqueue(_ identity: FileIdentity) throws(JournalError) -> Admission {
        try withEngine { db throws(JournalError) in
            if let known = try Self.known(identity, in: db) { return known }
            let inserted = try db.transaction { () throws(JournalError) in
                // Only an earlier version: the same file queued by another machine a moment ago
                // is the row this insert must meet, not one to replace.
                try db.query(
                    "DELETE FROM files WHERE path = ? AND state = 'queued' AND NOT (size = ? AND modified = ? AND hash = ?)",
                    Self.key(identity))
                return try db.query(
                    """
                    INSERT INTO files (path, size, modified, hash, state, updated, queued_at)
                    VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING RETURNING id
                    """,
                    Self.key(identity) + [.integer(Self.now()), .integer(Self.nowMilliseconds())])
            }
            if let id = inserted.first?.first?.integer { return .queued(id: id) }
            // Another machine recorded it between the look and the insert.
            return try Self.known(identity, in: db) ?? .known(.queued)
        }
    }

    private static func known(_ identity: FileIdentity, in db: any JournalEngine) throws(JournalError) -> Admission? {
        let existing = try db.query(
            "SELECT id, state, parked FROM files WHERE path = ? AND size = ? AND modified = ? AND hash = ?",
            key(identity))
        guard let row = existing.first, let id = row[0].integer,
            let state = row[1].text.flatMap(JobState.init(rawValue:))
        else { return nil }
        // `mv` back keeps the modification time, so the identity is the same as when it failed;
        // that it had been parked elsewhere tells a return from a rescan.
        guard state == .failed, row[2].text != nil else { return .known(state) }
        return try requeue(id, in: db) ? .returned(id: id) : .known(.queued)
    }

    /// Records a file that will not be attempted, with the reason. Known files are left alone.
    /// Returns whether it was new.
    @discardableResult
    public func refuse(_ identity: FileIdentity, reason: String) throws(JournalError) -> Bool {
        try withEngine { db throws(JournalError) in
            let now = Self.nowMilliseconds()
            return !(try db.query(
                """
                INSERT INTO files (path, size, modified, hash, state, outcome, updated, queued_at, finished_at)
                VALUES (?, ?, ?, ?, 'refused', ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id
                """,
                Self.key(identity) + [.text(reason), .integer(Self.now()), .integer(now), .integer(now)])
                .isEmpty)
        }
    }

    /// Every row, oldest first.
    public func entries() throws(JournalError) -> [JournalEntry] {
        try withEngine { db throws(JournalError) in
            try db.query("SELECT \(selectList) FROM files ORDER BY id", []).compactMap(Self.entry(row:))
        }
    }

    /// How many rows are in each state.
    public func counts() throws(JournalError) -> [JobState: Int] {
        try withEngine { db throws(JournalError) in
            var counts: [JobState: Int] = [:]
            for row in try db.query("SELECT state, count(*) FROM files GROUP BY state", []) {
                if let state = row[0].text.flatMap(JobState.init(rawValue:)), let count = row[1].integer {
                    counts[state] = Int(count)
                }
            }
            return counts
        }
    }

    static func key(_ identity: FileIdentity) -> [SQLValue] {
        [.text(identity.path), .integer(identity.size), .integer(identity.modified), .text(identity.hash)]
    }
}
