/// A journal that cannot be opened or written.
public enum JournalError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case failed(path: String, reason: String)
    /// The database server cannot be reached (restarting, network cut): worth trying again.
    case unreachable(location: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the journal (\(reason)); check that its folder exists and is writable"
        case .failed(let path, let reason):
            return "\(path): journal error (\(reason))"
        case .unreachable(let location, let reason):
            return "\(location): cannot reach the journal's database (\(reason))"
        }
    }
}
