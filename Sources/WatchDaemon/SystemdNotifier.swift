#if canImport(Glibc)
    import Glibc
#endif

/// Speaks systemd's notify protocol: one datagram of `KEY=VALUE` lines to the socket named by
/// `$NOTIFY_SOCKET` (a leading `@` names an abstract socket). Silent when the variable is unset.
struct SystemdNotifier: Sendable {
    let socketPath: String?
    /// Half of `$WATCHDOG_USEC`, when systemd expects keep-alives.
    let watchdogInterval: Duration?

    init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0,
            environment["WATCHDOG_PID"].flatMap({ $0.isEmpty ? nil : $0 == String(getpid()) }) ?? true
        {
            watchdogInterval = .microseconds(microseconds / 2)
        } else {
            watchdogInterval = nil
        }
    }

    func ready(status: String) { send(["READY=1", "STATUS=\(status)"]) }
    func status(_ text: String) { send(["STATUS=\(text)"]) }
    func reloading() { send(["RELOADING=1"]) }
    func stopping() { send(["STOPPING=1"]) }
    func watchdog() { send(["WATCHDOG=1"]) }

    /// Sends the lines; failures are ignored (systemd may be gone, and the daemon must go on).
    func send(_ lines: [String]) {
        guard let socketPath else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let message = Array(lines.joined(separator: "\n").utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { bytes in
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
    }
}
