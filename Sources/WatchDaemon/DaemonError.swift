import Journal
import WatchConfiguration

/// Why the daemon cannot start.
public enum DaemonError: Error, CustomStringConvertible {
    case configuration(ConfigError)
    case journal(JournalError)
    case folder(path: String, reason: String)
    /// Another daemon of this machine runs on the same journal file.
    case journalInUse(path: String, machine: String)

    public var description: String {
        switch self {
        case .configuration(let error): return error.description
        case .journal(let error): return error.description
        case .folder(let path, let reason): return "\(path): \(reason)"
        case .journalInUse(let path, let machine):
            return "another soundtrack daemon of machine \"\(machine)\" runs on the journal \(path): "
                + "stop it first, or give this one a journal or a machine name of its own"
        }
    }

    /// sysexits: 78 for a configuration that cannot work, 73 for a journal that cannot be
    /// created, 75 for one in use (it can start once the other daemon stops).
    public var exitCode: Int32 {
        switch self {
        case .configuration, .folder: return 78
        case .journal: return 73
        case .journalInUse: return 75
        }
    }
}
