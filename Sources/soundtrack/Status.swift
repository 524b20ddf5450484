import ArgumentParser
import Foundation
import Journal
import WatchConfiguration

/// `soundtrack status --config watch.conf`: the jobs in the journal, when they ran, how long they
/// took, where their output went or why they failed. Reads the journal read-only, so it works
/// while the daemon runs or is stopped, for any user who can read the journal.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the daemon's jobs and their states, from its journal.",
        discussion: """
            Works whether the daemon runs or not; it never writes to the journal. Exit codes: 0 shown, \
            66 journal unreadable, 75 the journal's database cannot be reached (try again later), \
            78 unusable configuration.
            """)

    @Option(help: "The configuration file the daemon runs with.")
    var config: String

    @Flag(help: "Print JSON (one object per job, and the counts) instead of a table.")
    var json = false

    @Option(help: "Show only jobs in this state: queued, running, done, failed or refused.")
    var state: String?

    func validate() throws {
        if let state, JobState(rawValue: state) == nil {
            throw ValidationError("unknown state '\(state)'; use queued, running, done, failed or refused")
        }
    }

    func run() throws {
        let settings: WatchConfig
        do {
            settings = try WatchConfig.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("soundtrack: \(error.description)\n".utf8))
            throw ExitCode(78)
        }
        var entries: [JournalEntry] = []
        if settings.journalIsShared || FileManager.default.fileExists(atPath: settings.journal) {
            do {
                entries = try settings.openJournal(readOnly: true).entries()
            } catch .unreachable(let location, let reason) {
                let line = "soundtrack: the journal's database is unreachable: \(reason) (\(location)); try again later"
                FileHandle.standardError.write(Data((line + "\n").utf8))
                throw ExitCode(75)
            } catch {
                let hint = "; the journal's folder must be readable by you (for example, be in its group)"
                FileHandle.standardError.write(Data("soundtrack: \(error.description)\(hint)\n".utf8))
                throw ExitCode(66)
            }
        }
        if let state { entries = entries.filter { $0.state.rawValue == state } }
        // Every state, zero ones too, as /jobs.json has them: `jq .counts.failed` is 0, not null.
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, 0) })
        for entry in entries { counts[entry.state.rawValue, default: 0] += 1 }
        let now = Date().timeIntervalSince1970
        if json {
            try printJSON(entries, counts: counts, now: now)
        } else {
            printTable(entries, counts: counts, journal: settings.journal, now: now)
        }
    }

    private func printTable(_ entries: [JournalEntry], counts: [String: Int], journal: String, now: Double) {
        print("STATE    TRIES  WHEN                 TOOK     MACHINE      FILE  ->  OUTPUT, or ! REASON")
        let clock = DateFormatter()
        clock.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for entry in entries {
            let when = entry.when.map { clock.string(from: Date(timeIntervalSince1970: $0)) } ?? "-"
            let took = entry.seconds(now: now).map(Self.duration) ?? "-"
            print(
                "\(entry.state.rawValue.padded(8)) \(String(entry.attempts).padded(6)) \(when.padded(20)) "
                    + "\(took.padded(8)) \((entry.machine ?? "-").padded(12)) "
                    + DisplayName.escapingControls("\(entry.identity.path)\(entry.result)"))
        }
        let summary = JobState.allCases.map { "\(counts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        print("\(summary) (journal \(journal))")
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%dh%02dm", Int(seconds) / 3600, Int(seconds) % 3600 / 60)
    }

    private struct Row: Encodable {
        var id: Int64
        var path: String
        var size: Int64
        var state: String
        var attempts: Int
        /// Attempts that failed, on any machine.
        var failures: Int
        /// The machine that did or does it.
        var machine: String?
        var outcome: String?
        var stage: String?
        var updated: Int64
        /// Seconds since 1970.
        var queued: Double?
        var started: Double?
        var finished: Double?
        /// How long the last attempt took (so far, while running).
        var seconds: Double?
        var output: String?
        var reason: String?
        /// Where a failed input lies now.
        var movedTo: String?
    }

    private struct Document: Encodable {
        var jobs: [Row]
        var counts: [String: Int]
    }

    private func printJSON(_ entries: [JournalEntry], counts: [String: Int], now: Double) throws {
        let rows = entries.map {
            Row(
                id: $0.id, path: $0.identity.path, size: $0.identity.size, state: $0.state.rawValue,
                attempts: $0.attempts, failures: $0.failures, machine: $0.machine, outcome: $0.outcome, stage: $0.stage, updated: $0.updated,
                queued: $0.queuedAt, started: $0.startedAt, finished: $0.finishedAt,
                seconds: $0.seconds(now: now).map { ($0 * 1000).rounded() / 1000 },
                output: $0.state == .done ? $0.outcome : nil,
                reason: $0.state == .failed || $0.state == .refused ? $0.outcome : nil, movedTo: $0.parked)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(Document(jobs: rows, counts: counts)), as: UTF8.self))
    }
}

extension JournalEntry {
    /// The time that matters for its state: finished, started while running, else queued.
    fileprivate var when: Double? {
        switch state {
        case .queued: return queuedAt
        case .running: return startedAt
        case .done, .failed, .refused: return finishedAt ?? Double(updated)
        }
    }

    fileprivate func seconds(now: Double) -> Double? {
        guard let startedAt else { return nil }
        if state == .running { return max(0, now - startedAt) }
        return finishedAt.map { max(0, $0 - startedAt) }
    }

    /// `  ->  OUTPUT` when done, `  !  REASON (stage S; moved to P)` when failed or refused.
    fileprivate var result: String {
        guard let outcome else { return "" }
        switch state {
        case .done: return "  ->  \(outcome)"
        case .failed, .refused:
            let details = [stage.map { "stage \($0)" }, parked.map { "moved to \($0)" }].compactMap { $0 }
            return "  !  \(outcome)" + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))")
        case .queued, .running: return "  (last try: \(outcome))"
        }
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
