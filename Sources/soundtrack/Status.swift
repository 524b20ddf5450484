import ArgumentParser
import FolderWatch
import Foundation
import Journal

/// `soundtrack status --config watch.conf`: the jobs in the journal and their states.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the daemon's jobs and their states, from its journal.")

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
        if FileManager.default.fileExists(atPath: settings.journal) {
            do {
                entries = try Journal(path: settings.journal, readOnly: true).entries()
            } catch {
                FileHandle.standardError.write(Data("soundtrack: \(error.description)\n".utf8))
                throw ExitCode(66)
            }
        }
        if let state { entries = entries.filter { $0.state.rawValue == state } }
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.state.rawValue, default: 0] += 1 }
        if json {
            try printJSON(entries, counts: counts)
        } else {
            printTable(entries, counts: counts, journal: settings.journal)
        }
    }

    private func printTable(_ entries: [JournalEntry], counts: [String: Int], journal: String) {
        print("STATE    TRIES  FILE  ->  OUTCOME")
        for entry in entries {
            let outcome = entry.outcome.map { "  ->  \($0)" } ?? ""
            print(
                "\(entry.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                    + "\(String(entry.attempts).padding(toLength: 6, withPad: " ", startingAt: 0)) "
                    + "\(entry.identity.path)\(outcome)")
        }
        let summary = JobState.allCases.map { "\(counts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        print("\(summary) (journal \(journal))")
    }

    private struct Row: Encodable {
        var id: Int64
        var path: String
        var size: Int64
        var state: String
        var attempts: Int
        var outcome: String?
        var stage: String?
        var updated: Int64
    }

    private struct Document: Encodable {
        var jobs: [Row]
        var counts: [String: Int]
    }

    private func printJSON(_ entries: [JournalEntry], counts: [String: Int]) throws {
        let rows = entries.map {
            Row(
                id: $0.id, path: $0.identity.path, size: $0.identity.size, state: $0.state.rawValue,
                attempts: $0.attempts, outcome: $0.outcome, stage: $0.stage, updated: $0.updated)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(Document(jobs: rows, counts: counts)), as: UTF8.self))
    }
}
