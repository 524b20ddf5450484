import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Talks to the daemon's status server: plain HTTP requests, the page through headless
/// Chromium, and `/metrics` through promtool.
enum StatusClient {
    /// A TCP port nothing listens on now (the kernel's pick for port 0, released at once).
    static func freePort() -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length)
                return getsockname(socketFD, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A listening socket on 127.0.0.1:`port`, held until `close` — a port in use.
    static func occupy(port: Int) -> Int32 {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(socketFD, 1)
        return socketFD
    }

    /// GET `path`; nil when nothing answers.
    static func get(port: Int, _ path: String) async -> (status: Int, body: String)? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 10
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let http = response as? HTTPURLResponse
        else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// `/healthz` once it says 200, or its last answer after `seconds`: the listener and the
    /// daemon's first look at its journal can each come a moment after "watching" is logged.
    static func healthzOnceReady(port: Int, seconds: Double = 30) async -> (status: Int, body: String)? {
        let deadline = Date().addingTimeInterval(seconds)
        var answer = await get(port: port, "/healthz")
        while answer?.status != 200, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(200))
            answer = await get(port: port, "/healthz")
        }
        return answer
    }

    static var hasChromium: Bool { TestEnvironment.hasTool("chromium") }
    static var hasPromtool: Bool { TestEnvironment.hasTool("promtool") }

    /// The page's DOM after its script ran (Chromium's virtual time lets the fetch finish).
    static func renderedPage(port: Int) throws -> String {
        let profile = NSTemporaryDirectory() + "soundtrack-chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let result = try CommandResult.run(
            "/usr/bin/env",
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=\(profile)", "--virtual-time-budget=4000", "--dump-dom",
                "http://127.0.0.1:\(port)/",
            ])
        return result.output
    }

    /// `promtool check metrics` on `text`: its exit status and what it said.
    static func promtool(_ text: String) throws -> CommandResult {
        let file = NSTemporaryDirectory() + "soundtrack-metrics-\(UUID().uuidString).txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try CommandResult.run("/bin/sh", ["-c", "promtool check metrics < \"$0\"", file])
    }

    /// The value of the series `name{labels}` (labels written as in the exposition), if present.
    static func value(_ metrics: String, _ series: String) -> Double? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
