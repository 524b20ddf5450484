internal import CPostgreSQL

#if canImport(Glibc)
    import Glibc
#endif

/// One libpq connection to the PostgreSQL server that several daemons share as their journal.
/// The password never comes from watch.conf: libpq reads `PGPASSWORD` or `~/.pgpass` itself, or
/// `password` is read from the file `journal_password_file` names. TLS is used when the server
/// offers it (`sslmode=prefer`, unless the URL says otherwise).
final class PostgresConnection: JournalEngine, @unchecked Sendable {
    private var handle: OpaquePointer?
    let location: String
    let dialect = SQLDialect.postgres
    private let keywords: [String]
    private let values: [String]

    init(url: String, password: String?, application: String) throws(JournalError) {
        location = url
        var keywords = ["dbname", "application_name", "connect_timeout"]
        var values = [url, application, "10"]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        if !url.contains("sslmode=") {
            keywords.append("sslmode")
            values.append("prefer")
        }
        self.keywords = keywords
        self.values = values
        try connect()
    }

    deinit {
        PQfinish(handle)
    }

    private func connect() throws(JournalError) {
        PQfinish(handle)
        handle = nil
        let connection = withCStrings(keywords) { keys in
            withCStrings(values) { values in PQconnectdbParams(keys, values, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let reason = connection.map(Self.message) ?? "out of memory"
            PQfinish(connection)
            throw .unreachable(location: location, reason: reason)
        }
        handle = connection
        // Notices (such as "relation already exists, skipping") are not the daemon's business.
        _ = PQexec(connection, "SET client_min_messages = warning").map { PQclear($0) }
    }

    func reconnect() throws(JournalError) {
        try connect()
    }

    private static func message(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).oneLine()
    }

    func execute(_ sql: String) throws(JournalError) {
        try query(sql, [])
    }

    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(JournalError) -> [[SQLValue]] {
        // A connection lost earlier (a server restart, a network cut) is made again first.
        if handle.map({ PQstatus($0) != CONNECTION_OK }) ?? true { try connect() }
        guard let handle else { throw .unreachable(location: location, reason: "not connected") }
        let texts: [String?] = parameters.map {
            switch $0 {
            case .integer(let number): return String(number)
            case .text(let text): return text
            case .null: return nil
            }
        }
        let statement = Self.numberedParameters(sql)
        let result = withOptionalCStrings(texts) { values in
            PQexecParams(handle, statement, Int32(texts.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let reason = result.map { String(cString: PQresultErrorMessage($0)) }?.oneLine() ?? ""
            if PQstatus(handle) != CONNECTION_OK {
                throw .unreachable(location: location, reason: reason.isEmpty ? Self.message(handle) : reason)
            }
            throw .failed(path: location, reason: reason.isEmpty ? Self.message(handle) : reason)
        }
        var rows: [[SQLValue]] = []
        let columns = PQnfields(result)
        for row in 0..<PQntuples(result) {
            rows.append(
                (0..<columns).map { column in
                    if PQgetisnull(result, row, column) != 0 { return .null }
                    let text = String(cString: PQgetvalue(result, row, column))
                    // int8, int4, int2: the journal's numbers.
                    if [20, 23, 21].contains(PQftype(result, column)), let number = Int64(text) {
                        return .integer(number)
                    }
                    return .text(text)
                })
        }
        return rows
    }

    func columnNames() throws(JournalError) -> Set<String> {
        Set(
            try query(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'files' "
                    + "AND table_schema = current_schema()", []
            ).compactMap { $0.first?.text })
    }

    /// `?` placeholders as PostgreSQL's `$1`, `$2`... (the journal's SQL has no `?` in literals).
    static func numberedParameters(_ sql: String) -> String {
        var output = ""
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }
}

private func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    withOptionalCStrings(strings.map { Optional($0) }) { pointers in
        body(pointers + [nil])
    }
}

private func withOptionalCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    let copies = strings.map { $0.map { strdup($0) } ?? nil }
    defer { for copy in copies { free(copy) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}

extension String {
    /// libpq's messages as one line: its lines (a reason, then a hint) joined by a space.
    fileprivate func oneLine() -> String {
        split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
