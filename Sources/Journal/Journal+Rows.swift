/// The table, reading rows back, and bringing journals written by older versions up to date.
extension Journal {
    /// Columns added after the first release, with what they hold.
    static let laterColumns: [(name: String, kind: LaterColumn)] = [
        ("queued_at", .integer), ("started_at", .integer), ("finished_at", .integer), ("parked", .text),
        ("machine", .text), ("token", .counter), ("lease_until", .integer), ("failures", .counter),
    ]

    enum LaterColumn {
        case integer, text
        /// A number that starts at 0.
        case counter

        func type(_ dialect: SQLDialect) -> String {
            switch self {
            case .integer: return dialect.integer
            case .text: return "TEXT"
            case .counter: return "\(dialect.integer) NOT NULL DEFAULT 0"
            }
        }
    }

    /// Creates the table, or adds the columns an older journal lacks. On PostgreSQL, daemons
    /// starting together take turns (an advisory lock), since two `CREATE TABLE IF NOT EXISTS`
    /// at once can collide.
    static func createTables(_ db: any JournalEngine) throws(JournalError) {
        if db.dialect.setupLock == nil {
            try db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        }
        try db.transaction { () throws(JournalError) in
            if let lock = db.dialect.setupLock { try db.query(lock, []) }
            for statement in db.dialect.schema.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                try db.query(String(statement), [])
            }
            let present = try db.columnNames()
            for (name, kind) in laterColumns where !present.contains(name) {
                try db.query("ALTER TABLE files ADD COLUMN \(name) \(kind.type(db.dialect))", [])
            }
        }
    }

    /// The columns an entry is read from, with NULL standing in for those an old journal lacks.
    var selectList: String {
        let base = "id, path, size, modified, hash, state, attempts, outcome, stage, updated"
        let later = Self.laterColumns.map { columns.contains($0.name) ? $0.name : "NULL" }
        return ([base] + later).joined(separator: ", ")
    }

    func entry(id: Int64, in db: any JournalEngine) throws(JournalError) -> JournalEntry? {
        try db.query("SELECT \(selectList) FROM files WHERE id = ?", [.integer(id)]).first.flatMap(Self.entry(row:))
    }

    static func entry(row: [SQLValue]) -> JournalEntry? {
        guard row.count == 18, let id = row[0].integer, let path = row[1].text, let size = row[2].integer,
            let modified = row[3].integer, let hash = row[4].text,
            let state = row[5].text.flatMap(JobState.init(rawValue:)), let attempts = row[6].integer,
            let updated = row[9].integer
        else { return nil }
        func seconds(_ value: SQLValue) -> Double? { value.integer.map { Double($0) / 1000 } }
        return JournalEntry(
            id: id, identity: FileIdentity(path: path, size: size, modified: modified, hash: hash), state: state,
            attempts: Int(attempts), outcome: row[7].text, stage: row[8].text, updated: updated,
            queuedAt: seconds(row[10]), startedAt: seconds(row[11]), finishedAt: seconds(row[12]),
            parked: row[13].text, machine: row[14].text, token: row[15].integer ?? 0,
            failures: Int(row[17].integer ?? 0))
    }
}
