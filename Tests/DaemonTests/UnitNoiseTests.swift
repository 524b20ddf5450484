import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two lines libraries wrote into the journal under the unit: libdispatch's "Failed to set thread
/// priority for worker thread ... errno=13" (its threads may not take the nice values of their
/// QoS classes) and libgcrypt's "Warning: using insecure memory!" (it may lock no memory). The
/// daemon runs here as an unprivileged user under the limits the unit sets, with libdispatch told
/// to log to stderr instead of syslog.
@Suite(
    "systemd unit: no library noise",
    .enabled(
        if: getuid() == 0 && TestEnvironment.hasTool("setpriv") && TestEnvironment.hasTool("prlimit"), "needs root"),
    .timeLimit(.minutes(2)))
struct UnitNoiseTests {
    /// The unit's `KEY=` value, or nil.
    static func setting(_ key: String) throws -> String? {
        let url = TestEnvironment.packageRoot.appending(path: "systemd/soundtrack.service")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").last { $0.hasPrefix("\(key)=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// LimitMEMLOCK in bytes; a unit that sets none gets whatever the host gives, so count none.
    static func memlockBytes() throws -> Int {
        guard let text = try setting("LimitMEMLOCK") else { return 0 }
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = text.last, let unit = units[last] { return (Int(text.dropLast()) ?? 0) * unit }
        return Int(text) ?? 0
    }

    /// LimitNICE as RLIMIT_NICE (20 minus the nice level it allows); none: 0, nothing allowed.
    static func niceLimit() throws -> Int {
        guard let text = try setting("LimitNICE") else { return 0 }
        if text.hasPrefix("-") || text.hasPrefix("+") { return 20 - (Int(text) ?? 20) }
        return Int(text) ?? 0
    }

    /// Whether this machine lets root raise RLIMIT_NICE (containers often drop CAP_SYS_RESOURCE).
    static let canRaiseNice: Bool = {
        guard let result = try? CommandResult.run("/usr/bin/prlimit", ["--nice=24:24", "/bin/true"]) else { return false }
        return result.status == 0
    }()

    @Test("an unprivileged daemon under the unit's Nice=, LimitNICE= and LimitMEMLOCK= logs neither line")
    func quiet() async throws {
        let harness = try DaemonHarness()
        #expect(chmod(harness.root.path, 0o777) == 0)
        #expect(chmod(harness.input.path, 0o777) == 0)
        let memlock = try Self.memlockBytes()
        var launcher = ["/usr/bin/prlimit", "--memlock=\(memlock):\(memlock)"]
        if Self.canRaiseNice {
            let nice = try Self.niceLimit()
            launcher.append("--nice=\(nice):\(nice)")
        }
        launcher += ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        if let nice = try Self.setting("Nice") { launcher += ["/usr/bin/nice", "-n", nice] }
        try await harness.start(environment: ["LIBDISPATCH_LOG": "stderr"], launcher: launcher)
        try TinyClip.write(to: harness.input.appending(path: "clip.mp4"))
        #expect(await harness.waitForDone(1), "\(harness.logText)")
        #expect(await harness.stop() == 0)
        #expect(!harness.logText.contains("insecure memory"), "\(harness.logText)")
        if Self.canRaiseNice {
            #expect(!harness.logText.contains("Failed to set thread priority"), "\(harness.logText)")
        } else {
            // Without CAP_SYS_RESOURCE the unit's LimitNICE= cannot be applied here; the unit must
            // at least not ask for a nice value the threads cannot leave (the cause of errno=13 on
            // every thread).
            #expect(try Self.setting("Nice") == nil)
            #expect(try Self.niceLimit() >= 24)
        }
    }
}
