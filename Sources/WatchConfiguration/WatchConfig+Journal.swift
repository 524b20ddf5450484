import FileSystem
import Journal

#if canImport(Glibc)
    import Glibc
#endif

/// The journal watch.conf names: an SQLite file, or a PostgreSQL database shared by machines.
extension WatchConfig {
    /// Whether the journal is a PostgreSQL database (several machines, one queue).
    public var journalIsShared: Bool { Journal.isDatabaseURL(journal) }

    /// This daemon's name in the journal: `machine`, or the host name.
    public var machineName: String { machine ?? Journal.hostName() }

    /// Opens the journal, with the password from `journal_password_file` when there is one.
    /// A reader (`status`, the status page) does not wait for an unreachable database: it says
    /// so at once and tries again at its next read.
    public func openJournal(readOnly: Bool = false) throws(JournalError) -> Journal {
        var password: String?
        if let file = journalPasswordFile {
            guard let text = Self.firstLine(of: file) else {
                throw .cannotOpen(
                    path: file, reason: "cannot read journal_password_file (\(String(cString: strerror(errno))))")
            }
            password = text
        }
        return try Journal(
            location: journal, password: password, readOnly: readOnly, machine: machineName,
            retrySeconds: readOnly ? 0 : 120)
    }

    /// A file path, made absolute, or a `postgresql://` URL, which must not carry a password.
    static func journalLocation(_ reader: ValueReader, base: String) throws(ConfigError) -> String {
        let text = try reader.string()
        guard Journal.isDatabaseURL(text) else { return FolderPaths.absolute(text, base: base) }
        let afterScheme = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        let authority = afterScheme.count > 2 ? afterScheme[2] : ""
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            throw ConfigError(
                line: reader.entry.line,
                "journal must not hold a password; put it in the file journal_password_file names, "
                    + "or in PGPASSWORD or ~/.pgpass")
        }
        if text.contains("password=") {
            throw ConfigError(
                line: reader.entry.line,
                "journal must not hold a password; put it in the file journal_password_file names, "
                    + "or in PGPASSWORD or ~/.pgpass")
        }
        return text
    }

    private static func firstLine(of path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return "" }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(line.prefix { $0 != "\n" && $0 != "\r" })
    }
}
