import Foundation
import Journal
import Logging
import Synchronization
import Testing

@testable import FolderWatcher
@testable import WatchConfiguration
@testable import WatchDaemon

/// The publish fence: a machine that finishes a job after losing its claim gives the output no
/// name at all, rather than publishing it and taking it back.
extension InotifyTests {
    @Suite("Publish fence")
    struct PublishFenceTests {
        @Test("a job whose claim another machine took before it published never names its output")
        func lostClaimPublishesNothing() async throws {
            let root = FileManager.default.temporaryDirectory.appending(path: "fence-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: root) }
            for folder in ["in", "out", "failed"] {
                try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
            }
            let input = "\(root)/in/cues.txt"
            try Data("0:00 calm dawn over the harbour\n0:04 chase through the market\n".utf8).write(
                to: URL(filePath: input))
            var watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
            watch.format = "mid"
            let output = OutputNames.output(for: input, watch: watch)

            // This machine claims the job; its lease runs out at once, and another machine takes the
            // job (as when this one was frozen past its lease).
            let here = try Journal(path: "\(root)/journal.sqlite", machine: "here")
            let there = try Journal(path: "\(root)/journal.sqlite", machine: "there")
            _ = try here.enqueue(try #require(FileIdentity.arrival(input)))
            let entry = try #require(try here.claimNext(leaseSeconds: 0))
            var taken: JournalEntry?
            for _ in 0..<1000 where taken == nil {
                taken = try there.claimNext(leaseSeconds: 60)
                if taken == nil { usleep(2000) }
            }
            #expect(taken?.id == entry.id)

            // Every name the output folder ever gets is an inotify event, even one taken back later.
            let events = EventLog()
            let watcher = InotifyWatcher(folders: ["\(root)/out"])
            watcher.start()
            let reading = Task {
                for await event in watcher.events { events.list.withLock { $0.append(event) } }
            }
            defer {
                watcher.stop()
                reading.cancel()
            }
            try await waitFor(.rescan(folder: "\(root)/out"), in: events)

            let logger = Logger(label: "publish-fence-test")
            let runner = JobRunner(
                journal: here, logger: logger, maximumAttempts: 3, leaseSeconds: 60, renderThreads: 1,
                renderer: SharedRenderer(threads: 1, logger: logger), metrics: DaemonMetrics(),
                hang: TestHang(environment: [:]))
            let control = JobControl(startedAt: DaemonState.now(), jobSeconds: 600)
            let outcome = await runner.run(entry, watch: watch, control: control)
            #expect(outcome == .givenBack)
            #expect(control.reason == .leaseLost)

            // A file made after the job: once its event is read, so is every event the job caused.
            try Data().write(to: URL(filePath: "\(root)/out/marker"))
            try await waitFor(.finished(path: "\(root)/out/marker"), in: events)
            let named = events.list.withLock { $0 }.filter { event in
                switch event {
                case .created(let path), .finished(let path): return path == output
                default: return false
                }
            }
            #expect(named.isEmpty, "the output was named, then withdrawn: \(named)")
            #expect(!FileManager.default.fileExists(atPath: output))
            // The record is the other machine's: still running under its claim.
            let record = try #require(try here.entries().first { $0.id == entry.id })
            #expect(record.state == .running)
            #expect(record.machine == "there")
            #expect(record.token == taken?.token)
        }

        /// Waits (at most 20 s) until the watcher has reported `event`.
        private func waitFor(_ event: WatchEvent, in events: EventLog) async throws {
            for _ in 0..<200 {
                if events.list.withLock({ $0.contains(event) }) { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the watcher never reported \(event)")
        }
    }
}

/// What the watcher reported, in order.
private final class EventLog: Sendable {
    let list = Mutex<[WatchEvent]>([])
}
