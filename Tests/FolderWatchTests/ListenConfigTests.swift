import Foundation
import Testing

@testable import WatchConfiguration

/// `listen` and `listen_remote` in `[daemon]`: where the status page is served, and the rule
/// that only loopback addresses are allowed unless asked for.
@Suite("watch.conf: listen")
struct ListenConfigTests {
    static func config(_ daemonLines: String) throws -> WatchConfig {
        try WatchConfig.parse(
            "[daemon]\n\(daemonLines)\n[[watch]]\ninput = \"/a\"\noutput = \"/b\"\nfailed = \"/c\"\n", base: "/")
    }

    static let accepted: [(String, String, Int, Bool)] = [
        ("listen = \"127.0.0.1:8470\"", "127.0.0.1", 8470, true),
        ("listen = \"127.0.0.2:80\"", "127.0.0.2", 80, true),
        ("listen = \"localhost:9000\"", "localhost", 9000, true),
        ("listen = \"[::1]:8470\"", "::1", 8470, true),
        ("listen = \"0.0.0.0:8470\"\nlisten_remote = true", "0.0.0.0", 8470, false),
        ("listen_remote = true\nlisten = \"[2001:db8::1]:8470\"", "2001:db8::1", 8470, false),
    ]

    @Test("loopback addresses, and others with listen_remote, are read", arguments: accepted)
    func accepts(lines: String, host: String, port: Int, loopback: Bool) throws {
        let listen = try #require(try Self.config(lines).listen)
        #expect(listen.host == host)
        #expect(listen.port == port)
        #expect(listen.isLoopback == loopback)
    }

    @Test("no listen: no status page")
    func offByDefault() throws {
        let config = try Self.config("workers = 1")
        #expect(config.listen == nil)
        #expect(!config.listenRemote)
    }

    static let refused: [(String, Int, String)] = [
        ("listen = \"0.0.0.0:8470\"", 2, "not a loopback address"),
        ("listen = \"192.0.2.7:8470\"\nlisten_remote = false", 2, "listen_remote = true"),
        ("listen = \"127.0.0.1\"", 2, "listen must be \"ADDRESS:PORT\""),
        ("listen = \"127.0.0.1:0\"", 2, "listen must be"),
        ("listen = \"127.0.0.1:70000\"", 2, "listen must be"),
        ("listen = \"status.example.com:8470\"", 2, "numeric address or localhost"),
        ("listen = \"::1:8470\"", 2, "listen must be"),
        ("listen = 8470", 2, "listen must be a string"),
        ("listen_remote = \"yes\"", 2, "listen_remote must be true or false"),
    ]

    @Test("a bad or non-loopback address is an error naming the line", arguments: refused)
    func refuses(lines: String, line: Int, message: String) {
        #expect {
            _ = try Self.config(lines)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.all.contains { $0.line == line && $0.message.contains(message) }
        }
    }

    /// watch.conf, watch.conf.example and watch.conf(5) describe the same keys.
    @Test("watch.conf, watch.conf.example and watch.conf(5) all document listen and listen_remote")
    func documented() throws {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appending(path: "Package.swift").path) {
            root = root.deletingLastPathComponent()
        }
        for name in ["watch.conf", "watch.conf.example"] {
            let text = try String(contentsOf: root.appending(path: name), encoding: .utf8)
            #expect(text.contains("# listen = \"127.0.0.1:8470\""), "\(name)")
            #expect(text.contains("# listen_remote = false"), "\(name)")
        }
        let manual = try String(contentsOf: root.appending(path: "packaging/man/watch.conf.5"), encoding: .utf8)
        #expect(manual.contains(".BR listen \" = \\(dq127.0.0.1:8470\\(dq\""))
        #expect(manual.contains(".BR listen_remote \" = false\""))
    }
}
