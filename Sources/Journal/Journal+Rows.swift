/// Reading rows back, and bringing journals written by older versions up to date.
extension Journal {
    /// Columns added after the first release, with their SQL types.
    static let laterColumns = [
        ("queued_at", "INTEGER"), ("started_at", "INTEGER"), ("finished_at", "INTEGER"), ("parked", "TEXT"),
    ]

    static func columnNames(_ db: SQLiteConnection) throws(JournalError) -> Set<String> {
        Set(try db.query("PRAGMA table_info(files)").compactMap { $0.count > 1 ? $0[1].text : nil })
    }

    static func addMissingColumns(_ db: SQLiteConnection) throws(JournalError) {
        let present = try columnNames(db)
        for (name, type) in laterColumns where !present.contains(name) {
            try db.execute("ALTER TABLE files ADD COLUMN \(name) \(type)")
        }
    }

    /// The columns an entry is read from, with NULL standing in for those an old journal lacks.
    var selectList: String {
        let base = "id, path, size, modified, hash, state, attempts, outcome, stage, updated"
        let later = Self.laterColumns.map { columns.contains($0.0) ? $0.0 : "NULL" }
        return ([base] + later).joined(separator: ", ")
    }

    func entry(id: Int64, in db: SQLiteConnection) throws(JournalError) -> JournalEntry? {
        try db.query("SELECT \(selectList) FROM files WHERE id = ?", [.integer(id)]).first.flatMap(Self.entry(row:))
    }

    static func entry(row: [SQLValue]) -> JournalEntry? {
        guard row.count == 14, let id = row[0].integer, let path = row[1].text, let size = row[2].integer,
            let modified = row[3].integer, let hash = row[4].text,
            let state = row[5].text.flatMap(JobState.init(rawValue:)), let attempts = row[6].integer,
            let updated = row[9].integer
        else { return nil }
        func seconds(_ value: SQLValue) -> Double? { value.integer.map { Double($0) / 1000 } }
        return JournalEntry(
            id: id, identity: FileIdentity(path: path, size: size, modified: modified, hash: hash), state: state,
            attempts: Int(attempts), outcome: row[7].text, stage: row[8].text, updated: updated,
            queuedAt: seconds(row[10]), startedAt: seconds(row[11]), finishedAt: seconds(row[12]),
            parked: row[13].text)
    }
}
