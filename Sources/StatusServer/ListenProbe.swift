import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// Tries the listen address before the daemon starts, so that a port in use or an address this
/// machine does not have stops the start with one line, before any job is taken. (The server
/// binds again a moment later; the probe's socket is closed first.)
enum ListenProbe {
    /// The reason the address cannot be bound, or nil when it can.
    static func problem(_ address: ListenAddress) -> String? {
        let host = StatusServer.bindHost(address)
        let family = host.contains(":") ? AF_INET6 : AF_INET
        let socketFD = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return String(cString: strerror(errno)) }
        defer { close(socketFD) }
        var yes: Int32 = 1
        // The same option the server sets: a port left in TIME_WAIT by the last run is usable.
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let result: Int32
        if family == AF_INET6 {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = in_port_t(UInt16(address.port).bigEndian)
            inet_pton(AF_INET6, host, &socketAddress.sin6_addr)
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(address.port).bigEndian)
            inet_pton(AF_INET, host, &socketAddress.sin_addr)
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard result == 0, listen(socketFD, 1) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }
}
