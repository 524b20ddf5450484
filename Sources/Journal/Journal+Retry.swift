/// Failed files given another chance: moved back into their drop folder by hand, or named to
/// `soundtrack retry`.
extension Journal {
    /// Records where a failed input was moved (the failed folder), so that its return to the drop
    /// folder can be told from a rescan that finds it where it always was.
    public func markParked(_ id: Int64, at path: String) throws(JournalError) {
        _ = try withEngine { db throws(JournalError) in
            try db.query("UPDATE files SET parked = ? WHERE id = ?", [.text(path), .integer(id)])
        }
    }

    /// Every failed job, oldest first.
    public func failedEntries() throws(JournalError) -> [JournalEntry] {
        try withEngine { db throws(JournalError) in
            try db.query("SELECT \(selectList) FROM files WHERE state = 'failed' ORDER BY id", []).compactMap(
                Self.entry(row:))
        }
    }

    /// Queues a failed job again with its attempts reset. Returns false when it is no longer
    /// failed (the daemon may have taken the returned file already).
    @discardableResult
    public func requeueFailed(_ id: Int64) throws(JournalError) -> Bool {
        try withEngine { db throws(JournalError) in try Self.requeue(id, in: db) }
    }

    /// Only a failed row goes back: two machines that both see it return queue it once.
    static func requeue(_ id: Int64, in db: any JournalEngine) throws(JournalError) -> Bool {
        !(try db.query(
            """
            UPDATE files SET state = 'queued', attempts = 0, outcome = NULL, stage = NULL, parked = NULL,
            updated = ?, queued_at = ?, started_at = NULL, finished_at = NULL WHERE id = ? AND state = 'failed'
            RETURNING id
            """,
            [.integer(now()), .integer(nowMilliseconds()), .integer(id)]
        ).isEmpty)
    }
}
