/// Claiming jobs across machines: a claim is a lease on the database's clock, renewed by the
/// claiming machine's heartbeat, and a fencing token that every later write must name.
extension Journal {
    /// Takes the oldest job that is queued, or running under a lease that ran out (its machine
    /// stopped renewing it), for this machine: marks it running under a new lease of
    /// `leaseSeconds`, with a new fencing token, and counts the attempt. Machines claiming at
    /// the same moment skip each other's rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL). Its
    /// first condition is the one of the `files_claimable` index, which it reads in id order.
    public func claimNext(leaseSeconds: Double = 60) throws(JournalError) -> JournalEntry? {
        try withEngine { db throws(JournalError) in
            try db.transaction { () throws(JournalError) -> JournalEntry? in
                let now = dialect.nowMilliseconds
                guard
                    let id = try db.query(
                        """
                        SELECT id FROM files WHERE state IN ('queued', 'running')
                        AND (state = 'queued' OR lease_until < \(now)) ORDER BY id LIMIT 1 \(dialect.claimLock)
                        """, []
                    ).first?.first?.integer
                else { return nil }
                try db.query(
                    """
                    UPDATE files SET state = 'running', attempts = attempts + 1, token = token + 1, machine = ?,
                    lease_until = \(now) + ?, updated = ?, started_at = ?, finished_at = NULL WHERE id = ?
                    """,
                    [
                        .text(machine), .integer(Self.milliseconds(leaseSeconds)), .integer(Self.now()),
                        .integer(Self.nowMilliseconds()), .integer(id),
                    ])
                return try entry(id: id, in: db)
            }
        }
    }

    /// The heartbeat: extends the lease of a job this machine still holds. False when the claim
    /// was lost (the lease ran out and another machine claimed the job, or it ended).
    public func renew(_ claim: Claim, leaseSeconds: Double = 60) throws(JournalError) -> Bool {
        try withEngine { db throws(JournalError) in
            !(try db.query(
                """
                UPDATE files SET lease_until = \(dialect.nowMilliseconds) + ?
                WHERE id = ? AND token = ? AND state = 'running' RETURNING id
                """,
                [.integer(Self.milliseconds(leaseSeconds)), .integer(claim.id), .integer(claim.token)]
            ).isEmpty)
        }
    }

    /// Whether `claim` is still the job's latest claim (what a worker checks before it
    /// publishes an output).
    public func holds(_ claim: Claim) throws(JournalError) -> Bool {
        try withEngine { db throws(JournalError) in
            !(try db.query(
                "SELECT id FROM files WHERE id = ? AND token = ? AND state = 'running'",
                [.integer(claim.id), .integer(claim.token)]
            ).isEmpty)
        }
    }

    /// The job succeeded. False when the claim was lost: the record is left to the machine that
    /// holds it now.
    @discardableResult
    public func markDone(_ claim: Claim, output: String) throws(JournalError) -> Bool {
        try update(claim, state: .done, outcome: output, stage: nil)
    }

    /// The job failed. Returns the new state: `queued` for another try while attempts remain and
    /// the failure may pass, `failed` otherwise; nil when the claim was lost.
    @discardableResult
    public func markFailed(
        _ claim: Claim, reason: String, stage: String?, retry: Bool, maximumAttempts: Int
    ) throws(JournalError) -> JobState? {
        try withEngine { db throws(JournalError) in
            try db.transaction { () throws(JournalError) -> JobState? in
                guard
                    let attempts = try db.query(
                        "SELECT attempts FROM files WHERE id = ? AND token = ? AND state = 'running'",
                        [.integer(claim.id), .integer(claim.token)]
                    ).first?.first?.integer
                else { return nil }
                let state = JobLifecycle.afterFailure(
                    attempts: Int(attempts), retry: retry, maximumAttempts: maximumAttempts)
                try db.query(
                    """
                    UPDATE files SET state = ?, outcome = ?, stage = ?, updated = ?, finished_at = ?,
                    failures = failures + 1, lease_until = NULL WHERE id = ? AND token = ?
                    """,
                    [
                        .text(state.rawValue), .text(reason), stage.map(SQLValue.text) ?? .null,
                        .integer(Self.now()), state == .queued ? .null : .integer(Self.nowMilliseconds()),
                        .integer(claim.id), .integer(claim.token),
                    ])
                return state
            }
        }
    }

    /// Gives a job back without counting the attempt (it was interrupted by a shutdown, or its
    /// output could not be written).
    public func giveBack(_ claim: Claim) throws(JournalError) {
        _ = try withEngine { db throws(JournalError) in
            try db.query(
                """
                UPDATE files SET state = 'queued', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                started_at = NULL, lease_until = NULL, updated = ? WHERE id = ? AND token = ? AND state = 'running'
                """,
                [.integer(Self.now()), .integer(claim.id), .integer(claim.token)])
        }
    }

    /// Marks a job that cannot run because its file is gone or changed.
    @discardableResult
    public func markRefused(_ claim: Claim, reason: String) throws(JournalError) -> Bool {
        try update(claim, state: .refused, outcome: reason, stage: nil)
    }

    /// Ends a claimed job, if the claim still holds. Done again with the same claim counts as
    /// held, so that running it again after a lost answer from the server says true.
    private func update(_ claim: Claim, state: JobState, outcome: String?, stage: String?) throws(JournalError)
        -> Bool
    {
        try withEngine { db throws(JournalError) in
            !(try db.query(
                """
                UPDATE files SET state = ?, outcome = ?, stage = ?, updated = ?, finished_at = ?, lease_until = NULL
                WHERE id = ? AND token = ? AND state IN ('running', ?) RETURNING id
                """,
                [
                    .text(state.rawValue), outcome.map(SQLValue.text) ?? .null, stage.map(SQLValue.text) ?? .null,
                    .integer(Self.now()), .integer(Self.nowMilliseconds()), .integer(claim.id),
                    .integer(claim.token), .text(state.rawValue),
                ]
            ).isEmpty)
        }
    }

    static func milliseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }
}
