internal import CSQLite

/// A value bound to a statement parameter or read from a result column.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null
}

/// One SQLite database handle. Not thread-safe by itself: `Journal` serialises every use.
final class SQLiteConnection: JournalEngine, @unchecked Sendable {
    private let handle: OpaquePointer
    let path: String
    var location: String { path }
    let dialect = SQLDialect.sqlite

    /// Opens the database. Read-only, it first asks for a normal read-only connection, which sees
    /// what a running daemon has in its WAL; when that cannot work because the folder is not
    /// writable and SQLite's `-shm` file is missing (the daemon is stopped, and the reader is not
    /// the daemon's user, or the folder is mounted read-only), it opens the file as immutable:
    /// with the daemon stopped, the WAL has been folded into the file and nothing changes it.
    init(path: String, readOnly: Bool) throws(JournalError) {
        self.path = path
        guard readOnly else {
            handle = try Self.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            sqlite3_busy_timeout(handle, 5000)
            return
        }
        let plain = try Self.open(path, flags: SQLITE_OPEN_READONLY)
        sqlite3_busy_timeout(plain, 5000)
        if sqlite3_exec(plain, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK {
            handle = plain
            return
        }
        sqlite3_close(plain)
        handle = try Self.open(Self.immutableURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI)
    }

    private static func open(_ name: String, flags: Int32) throws(JournalError) -> OpaquePointer {
        var db: OpaquePointer?
        let status = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw .cannotOpen(path: name, reason: reason)
        }
        return db
    }

    /// `file:PATH?immutable=1`, with the characters a URI path cannot hold percent-encoded.
    static func immutableURI(_ path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), 0..<0x21, 0x7f...:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            default:
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:\(encoded)?immutable=1"
    }

    deinit {
        sqlite3_close(handle)
    }

    /// Runs one or more statements that take no parameters and return no rows.
    func execute(_ sql: String) throws(JournalError) {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &message) != SQLITE_OK {
            let reason = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw .failed(path: path, reason: reason)
        }
    }

    /// Runs one statement with parameters and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws(JournalError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .failed(path: path, reason: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .integer(let number): sqlite3_bind_int64(statement, index, number)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, st_sqlite_transient())
            case .null: sqlite3_bind_null(statement, index)
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else {
                throw .failed(path: path, reason: String(cString: sqlite3_errmsg(handle)))
            }
            let columns = sqlite3_column_count(statement)
            rows.append(
                (0..<columns).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_NULL: return .null
                    default: return .text(String(cString: sqlite3_column_text(statement, column)))
                    }
                })
        }
        return rows
    }

    /// A local file does not go away like a server: nothing to reconnect.
    func reconnect() throws(JournalError) {}

    func columnNames() throws(JournalError) -> Set<String> {
        Set(try query("PRAGMA table_info(files)").compactMap { $0.count > 1 ? $0[1].text : nil })
    }
}

extension SQLValue {
    var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
