import Journal
import WatchConfiguration

/// Why the daemon cannot start.
public enum DaemonError: Error, CustomStringConvertible {
    case configuration(ConfigError)
    case journal(JournalError)
    case folder(path: String, reason: String)

    public var description: String {
        switch self {
        case .configuration(let error): return error.description
        case .journal(let error): return error.description
        case .folder(let path, let reason): return "\(path): \(reason)"
        }
    }

    /// sysexits: 78 for a configuration that cannot work, 73 for a journal that cannot be created.
    public var exitCode: Int32 {
        switch self {
        case .configuration, .folder: return 78
        case .journal: return 73
        }
    }
}
