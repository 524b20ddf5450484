/// Why the status page cannot serve.
public enum StatusServerError: Error, CustomStringConvertible {
    /// The address is taken, not on this machine, or needs privileges the daemon lacks.
    case cannotListen(address: String, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let address, let reason):
            return "cannot serve the status page on \(address): \(reason) (change listen in [daemon], or remove it)"
        }
    }

    /// sysexits 78: the configuration names an address this machine cannot use.
    public var exitCode: Int32 { 78 }
}
