#if canImport(Glibc)
    import Glibc
#endif

/// Where the status page listens (`listen` in `[daemon]`), checked when watch.conf is read so
/// that `soundtrack check` finds a bad address before a start does.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// A numeric IPv4 or IPv6 address (without brackets), or "localhost".
    public var host: String
    public var port: Int

    /// Whether only this machine can reach it: 127.0.0.0/8, ::1 or localhost.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return false }
        return UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reads "HOST:PORT" or "[IPv6]:PORT". Host names other than localhost are refused: the
    /// page must bind where the administrator wrote, not wherever a resolver points.
    static func parse(_ text: String) -> ListenAddress? {
        let host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard let number = Int(port), (1...65_535).contains(number) else { return nil }
        let address = ListenAddress(host: String(host), port: number)
        return address.isNumeric || address.host == "localhost" ? address : nil
    }

    private var isNumeric: Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }
}

extension WatchConfig {
    /// `listen` and `listen_remote` of `[daemon]`; the remote check waits until both are read.
    mutating func readListen(_ entry: TOMLDocument.Entry) throws(ConfigError) {
        let reader = ValueReader(entry: entry)
        switch entry.key {
        case "listen":
            let text = try reader.string()
            guard let address = ListenAddress.parse(text) else {
                throw ConfigError(
                    line: entry.line,
                    "listen must be \"ADDRESS:PORT\" with a numeric address or localhost, "
                        + "e.g. \"127.0.0.1:8470\" or \"[::1]:8470\" (got \"\(text)\")")
            }
            listen = address
        default:
            listenRemote = try reader.boolean()
        }
    }

    /// A listen address other machines can reach needs `listen_remote = true`: the page shows
    /// file names and errors, and has no login.
    func listenProblems() -> [ConfigError] {
        guard let listen, !listen.isLoopback, !listenRemote else { return [] }
        return [
            ConfigError(
                line: daemonLines["listen"] ?? 0,
                "listen = \"\(listen)\" is not a loopback address; the status page has no login, so set "
                    + "listen_remote = true to serve other machines on purpose")
        ]
    }
}
