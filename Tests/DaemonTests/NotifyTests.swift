import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A datagram socket standing in for systemd's notify socket.
final class NotifySocket: @unchecked Sendable {
    // Only the test that owns it reads from it.
    let path: String
    private let fd: Int32

    init(folder: URL) throws {
        path = folder.appending(path: "notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8) + [0]
        try #require(bytes.count <= MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0, "bind: \(String(cString: strerror(errno)))")
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Every message received so far and within `seconds` from now, until `until` holds.
    var received: [String] = []

    func collect(seconds: Double, until: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline, !until(received) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { received.append(String(decoding: buffer.prefix(count), as: UTF8.self)) }
        }
        return until(received)
    }
}

@Suite("Daemon: systemd notify protocol", .serialized, .timeLimit(.minutes(2)))
struct NotifyTests {
    @Test("READY, STATUS, then WATCHDOG; RELOADING then READY on SIGHUP; STOPPING on SIGTERM")
    func notifyProtocol() async throws {
        let harness = try DaemonHarness()
        let socket = try NotifySocket(folder: harness.root)
        try await harness.start(environment: [
            "NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000", "WATCHDOG_PID": "",
        ])
        #expect(socket.collect(seconds: 10) { $0.contains { $0.contains("READY=1") } })
        let readyIndex = socket.received.firstIndex { $0.contains("READY=1") } ?? 0
        let ready = socket.received[readyIndex]
        #expect(ready.split(separator: "\n").contains { $0.hasPrefix("STATUS=") }, "\(ready)")
        // systemd counts keep-alives from READY=1 on: none before it.
        #expect(!socket.received[..<readyIndex].contains("WATCHDOG=1"), "\(socket.received)")
        #expect(socket.collect(seconds: 5) { $0.filter { $0 == "WATCHDOG=1" }.count >= 2 }, "\(socket.received)")

        socket.received.removeAll()
        harness.signal(SIGHUP)
        #expect(
            socket.collect(seconds: 10) { messages in
                guard let reloading = messages.firstIndex(of: "RELOADING=1") else { return false }
                return messages[reloading...].contains { $0.contains("READY=1") }
            }, "\(socket.received)")

        socket.received.removeAll()
        harness.signal(SIGTERM)
        #expect(socket.collect(seconds: 10) { $0.contains("STOPPING=1") }, "\(socket.received)")
        #expect(await harness.waitForExit(seconds: 20) == 0)
    }

    @Test("SIGTERM before READY: STOPPING, exit 0, and neither READY nor WATCHDOG")
    func stopBeforeReady() async throws {
        let harness = try DaemonHarness()
        let socket = try NotifySocket(folder: harness.root)
        // The start is held 30 s before READY (as a slow recovery would hold it).
        try await harness.start(
            environment: [
                "NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000", "WATCHDOG_PID": "",
                "SOUNDTRACK_TEST_READY_DELAY_SECONDS": "30",
            ], waitForReady: false)
        let holding = await harness.waitFor(seconds: 30) { harness.logText.contains("test hook: holding READY") }
        try #require(holding, "\(harness.logText)")
        harness.signal(SIGTERM)
        #expect(await harness.waitForExit(seconds: 20) == 0, "\(harness.logText)")
        _ = socket.collect(seconds: 1) { _ in false }
        #expect(socket.received.contains("STOPPING=1"), "\(socket.received)")
        #expect(!socket.received.contains { $0.contains("READY=1") || $0 == "WATCHDOG=1" }, "\(socket.received)")
    }
}
