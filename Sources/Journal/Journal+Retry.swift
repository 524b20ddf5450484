/// Failed files given another chance: moved back into their drop folder by hand, or named to
/// `soundtrack retry`.
extension Journal {
    /// Records where a failed input was moved (the failed folder), so that its return to the drop
    /// folder can be told from a rescan that finds it where it always was.
    public func markParked(_ id: Int64, at path: String) throws(JournalError) {
        try connection.withLock { db throws(JournalError) in
            _ = try db.query("UPDATE files SET parked = ? WHERE id = ?", [.text(path), .integer(id)])
        }
    }

    /// Every failed job, oldest first.
    public func failedEntries() throws(JournalError) -> [JournalEntry] {
        try connection.withLock { db throws(JournalError) in
            try db.query("SELECT \(selectList) FROM files WHERE state = 'failed' ORDER BY id").compactMap(
                Self.entry(row:))
        }
    }

    /// Queues a failed job again with its attempts reset. Returns false when it is no longer
    /// failed (the daemon may have taken the returned file already).
    @discardableResult
    public func requeueFailed(_ id: Int64) throws(JournalError) -> Bool {
        try connection.withLock { db throws(JournalError) in
            guard try entry(id: id, in: db)?.state == .failed else { return false }
            try Self.requeue(id, in: db)
            return true
        }
    }

    static func requeue(_ id: Int64, in db: SQLiteConnection) throws(JournalError) {
        try db.query(
            """
            UPDATE files SET state = 'queued', attempts = 0, outcome = NULL, stage = NULL, parked = NULL,
            updated = ?, queued_at = ?, started_at = NULL, finished_at = NULL WHERE id = ?
            """,
            [.integer(now()), .integer(nowMilliseconds()), .integer(id)])
    }
}
