#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Logging

/// Log lines for systemd's journal: each starts with its syslog priority (`<3>` error, `<4>`
/// warning, `<5>` notice, `<6>` info, `<7>` debug), which journald strips and stores as the
/// entry's priority, so that `journalctl -p err` finds failures; no timestamp (the journal has
/// its own). Used only when stderr really is the journal's stream.
struct JournaldLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Whether stderr is the stream systemd names in `JOURNAL_STREAM` ("DEVICE:INODE"); a child
    /// whose stderr was redirected elsewhere inherits the variable, hence the comparison.
    static func stderrIsJournal(environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        var line = "<\(Self.priority(event.level))>\(event.message)"
        for key in fields.keys.sorted() {
            line += " \(key)=\(fields[key].map { "\($0)" } ?? "")"
        }
        // One entry a line: a newline inside a message would start an entry of priority 6, which
        // is why the daemon wraps this handler in `EscapingLogHandler`.
        line += "\n"
        // One write a line, so that lines from several threads never interleave.
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
