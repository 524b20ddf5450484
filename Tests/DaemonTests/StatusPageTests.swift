import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The status server of `listen` in `[daemon]`: the page of jobs as a browser draws it,
/// `/healthz` through a wedged worker, `/metrics` against promtool and `status --json`, and the
/// start refused on an address it cannot have.
@Suite("Daemon: status page, health and metrics", .serialized, .timeLimit(.minutes(3)))
struct StatusPageTests {
    /// Each `<tr data-job=...>` of the rendered page: its state, and its text.
    static func rows(_ dom: String) -> [(state: String, text: String)] {
        dom.components(separatedBy: "<tr data-job=\"").dropFirst().compactMap { chunk in
            guard let stateStart = chunk.range(of: "data-state=\""),
                let stateEnd = chunk[stateStart.upperBound...].firstIndex(of: "\""),
                let rowEnd = chunk.range(of: "</tr>")
            else { return nil }
            return (String(chunk[stateStart.upperBound..<stateEnd]), String(chunk[..<rowEnd.lowerBound]))
        }
    }

    @Test(
        "Chromium shows each job in its state; /metrics passes promtool and matches status --json",
        .enabled(if: StatusClient.hasChromium && StatusClient.hasPromtool, "needs chromium and promtool"))
    func pageAndMetrics() async throws {
        let port = StatusClient.freePort()
        let harness = try DaemonHarness(daemon: ["attempts = 1", "listen = \"127.0.0.1:\(port)\""])
        // The third job (long.mp4) first hangs 45 s, so that the job behind it is seen queued
        // however slowly `status` answers and Chromium starts on a loaded machine (CI once
        // missed a 5 s window).
        try await harness.start(environment: [
            "SOUNDTRACK_TEST_JOB_HANG_SECONDS": "45", "SOUNDTRACK_TEST_JOB_HANG_JOB": "3",
        ])
        let idle = await StatusClient.healthzOnceReady(port: port)
        #expect(idle?.status == 200, "\(harness.logText)")
        #expect(harness.logText.contains("status page listening"), "\(harness.logText)")
        #expect(idle?.body == "ok\n")

        try TinyClip.write(to: harness.input.appending(path: "good.mp4"))
        try Data("not a video at all".utf8).write(to: harness.input.appending(path: "bad.mp4"))
        let settled = await harness.waitFor(seconds: 60) {
            harness.jobs(in: "done").count == 1 && harness.jobs(in: "failed").count == 1
        }
        try #require(settled, "\(harness.logText)")
        // One job in flight and one waiting behind it (one worker).
        try TinyClip.write(to: harness.input.appending(path: "long.mp4"))
        let running = await harness.waitFor(seconds: 30) { harness.jobs(in: "running").count == 1 }
        try #require(running, "\(harness.logText)")
        try TinyClip.write(to: harness.input.appending(path: "next.mp4"))
        let queued = await harness.waitFor(seconds: 30) { harness.jobs(in: "queued").count == 1 }
        try #require(queued, "\(harness.logText)")

        let before = try harness.jobs()
        let dom = try StatusClient.renderedPage(port: port)
        let metrics = await StatusClient.get(port: port, "/metrics")
        let after = try harness.jobs()

        // The long job may end while Chromium starts: the page must agree with the journal as it
        // was just before or just after.
        let rows = Self.rows(dom)
        #expect(rows.count == 4, "\(dom)")
        for job in before {
            let name = URL(fileURLWithPath: job.path).lastPathComponent
            let row = rows.first { $0.text.contains("/in/\(name)<") }
            let states = Set([job.state] + after.filter { $0.id == job.id }.map(\.state))
            #expect(
                row.map { states.contains($0.state) } == true, "\(name): \(String(describing: row?.state)) \(states)")
        }
        let failedRow = rows.first { $0.state == "failed" }
        // The reason without the input's path, which the page shows in its own column.
        let reason = before.first { $0.state == "failed" }?.outcome?.components(separatedBy: ": ").last ?? "?"
        #expect(
            failedRow?.text.contains(reason.prefix(30)) == true, "the error is shown: \(String(describing: failedRow))")
        #expect(dom.contains("healthy"), "the health badge")

        let text = try #require(metrics?.body)
        #expect(metrics?.status == 200)
        let lint = try StatusClient.promtool(text)
        #expect(lint.status == 0, "promtool: \(lint.output)\(lint.errors)\n\(text)")
        for state in ["queued", "running", "done", "failed", "refused"] {
            let inJournal = Double(before.filter { $0.state == state }.count)
            let later = Double(after.filter { $0.state == state }.count)
            let series = StatusClient.value(text, "soundtrack_jobs{state=\"\(state)\"}")
            #expect(series == inJournal || series == later, "\(state): \(String(describing: series)) \(text)")
        }
        #expect(StatusClient.value(text, "soundtrack_job_duration_seconds_count{outcome=\"done\"}") == 1, "\(text)")
        #expect(StatusClient.value(text, "soundtrack_job_duration_seconds_count{outcome=\"failed\"}") == 1)
        #expect((StatusClient.value(text, "soundtrack_job_speed_ratio") ?? 0) > 0, "speed of the good job")
        #expect(StatusClient.value(text, "soundtrack_inotify_overflows_total") == 0)
        #expect(StatusClient.value(text, "soundtrack_healthy") == 1)

        #expect(await harness.stop(seconds: 90) == 0)
        #expect(await StatusClient.get(port: port, "/healthz") == nil, "the listener stops with the daemon")
        // The page's own connection is closed first, so that the journal is one file again (a
        // plain copy of it is a whole backup).
        #expect(!FileManager.default.fileExists(atPath: harness.journal.path + "-wal"), "the write-ahead log is folded back")
    }

    @Test("/healthz answers 503 with the reason while a worker is wedged, and 200 again after")
    func wedgedWorker() async throws {
        let port = StatusClient.freePort()
        let harness = try DaemonHarness()
        try harness.writeConfig(daemon: [
            "settle_seconds = 1", "job_seconds = 1", "stop_seconds = 1", "attempts = 1",
            "listen = \"127.0.0.1:\(port)\"",
        ])
        // Each job sleeps 12 s deaf to its 1 s limit: wedged from 2 s (job + stop seconds) to 12 s,
        // long enough for /healthz and then /metrics to be asked within it on a loaded machine.
        try await harness.start(environment: ["SOUNDTRACK_TEST_JOB_HANG_SECONDS": "12"])
        #expect(await StatusClient.healthzOnceReady(port: port)?.status == 200)
        try TinyClip.write(to: harness.input.appending(path: "stuck.mp4"))

        var wedged: String?
        let deadline = Date().addingTimeInterval(30)
        while wedged == nil, Date() < deadline {
            if let answer = await StatusClient.get(port: port, "/healthz"), answer.status == 503 {
                wedged = answer.body
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let reason = try #require(wedged, "never 503: \(harness.logText)")
        #expect(reason.contains("wedged") && reason.contains("job_seconds"), "\(reason)")
        let metrics = await StatusClient.get(port: port, "/metrics")
        #expect(metrics.flatMap { StatusClient.value($0.body, "soundtrack_healthy") } == 0)

        var healthyAgain = false
        let recovery = Date().addingTimeInterval(30)
        while !healthyAgain, Date() < recovery {
            healthyAgain = await StatusClient.get(port: port, "/healthz")?.status == 200
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(healthyAgain, "\(harness.logText)")
        let failed = harness.jobs(in: "failed")
        #expect(failed.count == 1 && failed.first?.outcome?.contains("job_seconds") == true, "\(failed)")
        #expect(await harness.stop() == 0)
    }

    @Test("a listen address in use, or not loopback, stops the start: one line, exit 78, nothing taken")
    func refusedAddress() async throws {
        let port = StatusClient.freePort()
        let holder = StatusClient.occupy(port: port)
        defer { close(holder) }
        let harness = try DaemonHarness(daemon: ["listen = \"127.0.0.1:\(port)\""])
        try TinyClip.write(to: harness.input.appending(path: "waiting.mp4"))
        try await harness.start(waitForReady: false)
        #expect(await harness.waitForExit(seconds: 30) == 78)
        let lines = harness.logText.split(separator: "\n")
        #expect(lines.count == 1, "\(harness.logText)")
        #expect(
            lines.first?.contains("cannot serve the status page on 127.0.0.1:\(port): Address already in use") == true,
            "\(harness.logText)")
        #expect(harness.files(in: harness.input) == ["waiting.mp4"])
        #expect(try harness.jobs().isEmpty)

        try harness.writeConfig(daemon: ["listen = \"0.0.0.0:\(port + 1)\""])
        try await harness.start(waitForReady: false)
        #expect(await harness.waitForExit(seconds: 30) == 78)
        #expect(harness.logText.contains("is not a loopback address"), "\(harness.logText)")
        #expect(harness.files(in: harness.input) == ["waiting.mp4"])
    }
}

/// The drop-in that opens the network for the status page: systemd accepts it on both units,
/// and it opens the port of watch.conf.example's listen line and nothing wider.
@Suite(
    "systemd drop-in for the status page",
    .enabled(if: TestEnvironment.hasTool("systemd-analyze"), "no systemd-analyze"))
struct StatusPageDropInTests {
    static let dropIn = TestEnvironment.packageRoot.appending(path: "systemd/status-page.conf")

    @Test("the drop-in opens loopback and the one port watch.conf.example names")
    func opensExactlyThePort() throws {
        let text = try String(contentsOf: Self.dropIn, encoding: .utf8)
        let settings = text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }.map(String.init)
        #expect(settings.contains("PrivateNetwork=no"))
        #expect(settings.contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"))
        #expect(settings.contains("IPAddressAllow=localhost"))
        #expect(settings.contains("SocketBindAllow=tcp:8470") && settings.contains("SocketBindDeny=any"))
        #expect(!settings.contains { $0.hasPrefix("IPAddressDeny=") }, "the unit's IPAddressDeny=any stays")
        let example = try String(
            contentsOf: TestEnvironment.packageRoot.appending(path: "watch.conf.example"), encoding: .utf8)
        #expect(example.contains("# listen = \"127.0.0.1:8470\""))
    }

    @Test(
        "systemd-analyze verify accepts each unit with the drop-in",
        arguments: ["soundtrack.service", "soundtrack@.service"])
    func verifies(unit: String) throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appending(path: "soundtrack-dropin-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: root) }
        for folder in ["usr/local/bin", "bin", "etc/systemd/system/\(unit).d", "usr/lib/systemd"] {
            try manager.createDirectory(at: root.appending(path: folder), withIntermediateDirectories: true)
        }
        try manager.copyItem(
            atPath: TestEnvironment.binary, toPath: root.appending(path: "usr/local/bin/soundtrack").path)
        try manager.copyItem(
            atPath: URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().path,
            toPath: root.appending(path: "bin/sh").path)
        try manager.copyItem(
            atPath: "/usr/lib/systemd/system", toPath: root.appending(path: "usr/lib/systemd/system").path)
        try manager.copyItem(
            at: TestEnvironment.packageRoot.appending(path: "systemd/\(unit)"),
            to: root.appending(path: "etc/systemd/system/\(unit)"))
        try manager.copyItem(at: Self.dropIn, to: root.appending(path: "etc/systemd/system/\(unit).d/status-page.conf"))
        let instance = unit.replacingOccurrences(of: "@.", with: "@example.")
        let result = try CommandResult.run(
            "/usr/bin/env", ["systemd-analyze", "verify", "--man=no", "--root=\(root.path)", instance])
        #expect(result.output.isEmpty && result.errors.isEmpty, "\(result.output)\(result.errors)")
    }
}
