import Foundation
import TestSupport
import Testing

/// Several daemons ("machines") on the same folders and one PostgreSQL journal: every file done
/// once and spread over the machines while one machine is killed mid-job, one is frozen past its
/// lease and the database restarts; and a stop asked for while the database is down. Needs the
/// server scripts/with-postgresql.sh starts; `make test` runs this suite on its own, after the
/// others, so that its daemons do not compete with them for the cores.
@Suite(
    "Daemon: several machines, one queue", .serialized, .timeLimit(.minutes(6)),
    .enabled(if: SharedDatabase.url != nil, "skipped: needs scripts/with-postgresql.sh"))
struct ScaleOutTests {
    /// Daemons that share the first one's folders and a fresh database, one worker each, named
    /// as given.
    private func machines(_ names: [String], lease: Int = 5) throws -> [DaemonHarness] {
        let database = try SharedDatabase.create()
        let daemons = try names.map { _ in try DaemonHarness(settleSeconds: 0.5) }
        let first = daemons[0]
        for (daemon, name) in zip(daemons, names) {
            var text = "[daemon]\njournal = \"\(database)\"\nmachine = \"\(name)\"\nworkers = 1\n"
            text += "settle_seconds = 0.5\nstop_seconds = 5\nlease_seconds = \(lease)\n"
            text += "\n[[watch]]\ninput = \"\(first.input.path)\"\n"
            text += "output = \"\(first.output.path)\"\nfailed = \"\(first.failed.path)\"\nformat = \"mid\"\n"
            try Data(text.utf8).write(to: daemon.config)
            try Data(text.utf8).write(to: daemon.statusConfig)
        }
        return daemons
    }

    private func drop(_ count: Int, into folder: URL, prefix: String = "cues") throws {
        let staging = folder.deletingLastPathComponent().appending(path: "staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        for index in 0..<count {
            let name = "\(prefix)-\(index).txt"
            try Data("0:00 calm dawn number \(index)\n0:04 a chase\n".utf8).write(to: staging.appending(path: name))
        }
        // All at once: renamed into the folder together.
        for index in 0..<count {
            let name = "\(prefix)-\(index).txt"
            rename(staging.appending(path: name).path, folder.appending(path: name).path)
        }
    }

    /// The job `machine` is in the middle of once it has finished `done` jobs: its next one, the
    /// one its TestHang makes hang.
    private func hangingJob(of machine: String, afterDone done: Int, watching harness: DaemonHarness) async
        -> DaemonHarness.Job?
    {
        var found: DaemonHarness.Job?
        _ = await harness.waitFor(seconds: 150) {
            let jobs = (try? harness.jobs()) ?? []
            guard jobs.filter({ $0.machine == machine && $0.state == "done" }).count == done else { return false }
            found = jobs.first { $0.machine == machine && $0.state == "running" }
            return found != nil
        }
        return found
    }

    /// Every output is there once, whole (a MIDI file from its first byte), and nothing else is.
    private func expectOutputs(_ names: [String], in harness: DaemonHarness) {
        let outputs = harness.files(in: harness.output)
        #expect(outputs == names.sorted(), "one output per file, none twice, no leftovers")
        for name in outputs {
            let data = (try? Data(contentsOf: harness.output.appending(path: name))) ?? Data()
            #expect(data.starts(with: Array("MThd".utf8)) && data.count > 100, "\(name) is a whole MIDI file")
        }
    }

    @Test(
        "three machines, 100 files at once: each done exactly once, spread over all three, while one is killed mid-job, one is frozen past its lease and the database restarts"
    )
    func threeMachines() async throws {
        let control = try #require(SharedDatabase.pgCtl, "SOUNDTRACK_TEST_PG_CTL is not set")
        let daemons = try machines(["m1", "m2", "m3"])
        let (one, two, three) = (daemons[0], daemons[1], daemons[2])
        try await one.start()
        // The second machine's 15th job hangs 30 s (it is frozen in it), the third's 12th job
        // hangs for good (it is killed in it): each does its share of work first.
        try await two.start(
            environment: ["SOUNDTRACK_TEST_JOB_HANG_SECONDS": "30", "SOUNDTRACK_TEST_JOB_HANG_JOB": "15"])
        try await three.start(
            environment: ["SOUNDTRACK_TEST_JOB_HANG_SECONDS": "600", "SOUNDTRACK_TEST_JOB_HANG_JOB": "12"])
        let count = 100
        try drop(count, into: one.input)

        // Frozen mid-job past its lease, until another machine has claimed the job again and
        // done it.
        let frozen = try #require(
            await hangingJob(of: "m2", afterDone: 14, watching: one), "m2 never took its 15th job: \(two.logText)")
        two.signal(SIGSTOP)

        // Killed mid-job: its job goes back to the queue when its lease runs out.
        let lost = try #require(
            await hangingJob(of: "m3", afterDone: 11, watching: one), "m3 never took its 12th job: \(three.logText)")
        await three.crash()

        let retaken = await one.waitFor(seconds: 150) {
            ((try? one.jobs()) ?? []).contains { $0.id == frozen.id && $0.machine != "m2" && $0.state == "done" }
        }
        #expect(retaken, "the frozen machine's job was not done by another: \(one.logText)")

        // The database restarts while the second machine is frozen; then it wakes up.
        #expect(SharedDatabase.control("restart -m fast") == 0, "pg_ctl restart (\(control))")
        two.signal(SIGCONT)

        let finished = await one.waitForDone(count, seconds: 240)
        let jobs = try one.jobs()
        #expect(finished, "not all done: \(jobs.filter { $0.state != "done" }.map(\.path))\n\(one.logText)")
        // The woken machine finds its claim lost when its hang ends (30 s after the job began).
        let noticed = await two.waitFor(seconds: 60) {
            two.logText.contains("another machine holds the job now")
        }
        #expect(noticed, "the woken machine did not notice it lost its job: \(two.logText)")
        #expect(jobs.count == count)
        expectOutputs((0..<count).map { "cues-\($0).soundtrack.mid" }, in: one)

        let redone = try #require(jobs.first { $0.id == lost.id })
        #expect(redone.state == "done" && redone.machine != "m3")
        #expect(redone.attempts == 2, "the killed machine's job was redone once, after its lease")
        let taken = try #require(jobs.first { $0.id == frozen.id })
        #expect(taken.state == "done" && taken.machine != "m2", "the frozen machine's job is another's")
        #expect(taken.attempts >= 2)
        let byMachine = Dictionary(grouping: jobs, by: { $0.machine ?? "-" }).mapValues(\.count)
        #expect(["m1", "m2", "m3"].allSatisfy { (byMachine[$0] ?? 0) > 0 }, "spread: \(byMachine)")
        print("scale-out: jobs by machine \(byMachine)")
        #expect(await one.stop() == 0)
        #expect(await two.stop() == 0)
    }

    @Test("a stop asked for while the database is down ends in time, and a restarted daemon finishes every file once")
    func stopDuringOutage() async throws {
        let daemon = try machines(["solo"])[0]
        // Each job takes a second at least, so that the outage comes in the middle of the batch.
        try await daemon.start(environment: ["SOUNDTRACK_TEST_JOB_HANG_SECONDS": "1"])
        let count = 20
        try drop(count, into: daemon.input)
        let started = await daemon.waitFor(seconds: 120) { daemon.jobs(in: "done").count >= 3 }
        try #require(started, "\(daemon.logText)")

        #expect(SharedDatabase.control("stop -m fast") == 0, "pg_ctl stop")
        let waiting = await daemon.waitFor(seconds: 30) {
            daemon.logText.contains("the journal's database cannot be reached; trying again")
        }
        #expect(waiting, "the daemon did not say it waits for the database: \(daemon.logText)")
        // `status` says so at once, in one line, with its exit code for a temporary failure.
        let status = try CommandResult.soundtrack(["status", "--config", daemon.statusConfig.path])
        #expect(status.status == 75, "\(status.errors)")
        #expect(status.errors.hasPrefix("soundtrack: the journal's database is unreachable: "), "\(status.errors)")
        #expect(status.errors.split(separator: "\n").count == 1, "one line: \(status.errors)")

        // stop_seconds is 5: the daemon ends well within that and a margin, database or not.
        let stopAsked = Date()
        let code = await daemon.stop(seconds: 40)
        print("scale-out: stopped during the outage after \(Int(Date().timeIntervalSince(stopAsked) * 1000)) ms")
        #expect(code == 0, "the daemon did not end on SIGTERM during the outage: \(daemon.logText)")
        #expect(daemon.logText.contains("] stopping"), "\(daemon.logText)")

        try #require(SharedDatabase.control("start") == 0, "pg_ctl start")
        try await daemon.start()
        let finished = await daemon.waitForDone(count, seconds: 180)
        #expect(finished, "\(daemon.logText)")
        expectOutputs((0..<count).map { "cues-\($0).soundtrack.mid" }, in: daemon)
        #expect(try daemon.jobs().allSatisfy { $0.state == "done" })
        #expect(await daemon.stop() == 0)
    }
}

/// The PostgreSQL server of scripts/with-postgresql.sh, and a fresh database in it per test.
enum SharedDatabase {
    static let url = ProcessInfo.processInfo.environment["SOUNDTRACK_TEST_POSTGRESQL"]
    static let required = ProcessInfo.processInfo.environment["SOUNDTRACK_REQUIRE_POSTGRESQL"] != nil
    static let pgCtl = ProcessInfo.processInfo.environment["SOUNDTRACK_TEST_PG_CTL"]

    /// A new empty database; its URL.
    static func create() throws -> String {
        let url = try #require(url, "SOUNDTRACK_TEST_POSTGRESQL is not set")
        let name = "scale_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        #expect(shell("psql -q '\(url)' -c 'CREATE DATABASE \(name)'") == 0)
        return url.replacingOccurrences(of: ":///postgres?", with: ":///\(name)?")
    }

    /// Runs `pg_ctl` with `arguments` on the test server (start, stop, restart); its exit status.
    @discardableResult
    static func control(_ arguments: String) -> Int32 {
        guard let pgCtl else { return -1 }
        return shell("\(pgCtl) \(arguments)")
    }

    /// Runs a shell command to its end, its output thrown away, without a time limit (no
    /// `timeout` between it and the server `pg_ctl start` leaves running). TestSupport's runner
    /// passes no descriptor of this process on, so the server cannot hold one of ours open.
    @discardableResult
    static func shell(_ command: String) -> Int32 {
        (try? Subprocess.runBlocking(["/bin/sh", "-c", command], timeoutSeconds: nil))?.status ?? -1
    }
}
