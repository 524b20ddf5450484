import ArgumentParser
import Foundation
import Journal
import WatchConfiguration
import WatchDaemon

/// `soundtrack retry --config watch.conf NAME|--all-failed`: failed files go back to their drop
/// folder and into the queue, their attempts reset.
struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give failed jobs another try.",
        discussion: """
            Moves each file back from the failed folder to where it was dropped, removes its error \
            report and queues it again. A running daemon takes it within a second; a stopped one at its \
            next start. NAME is the dropped file's path, its name, or its path in the failed folder. \
            Moving a file back by hand (mv failed/NAME in/NAME) works too. Exit codes: 0 queued, \
            66 nothing failed by that name, 73 a file could not be put back, 78 unusable configuration.
            """)

    @Option(help: "The configuration file the daemon runs with.")
    var config: String

    @Flag(help: "Retry every failed job.")
    var allFailed = false

    @Argument(help: "The failed files to retry.")
    var names: [String] = []

    func validate() throws {
        if allFailed == !names.isEmpty {
            throw ValidationError("name the failed files to retry, or give --all-failed (not both)")
        }
    }

    func run() throws {
        let settings: WatchConfig
        do {
            settings = try WatchConfig.load(path: config)
        } catch {
            throw Self.fail(error.description, code: 78)
        }
        // Never create a journal here (it would belong to whoever runs retry, not to the daemon).
        guard settings.journalIsShared || FileManager.default.fileExists(atPath: settings.journal) else {
            throw Self.fail("no journal at \(settings.journal) yet, so no failed jobs", code: 66)
        }
        let retry: FailedJobRetry
        var chosen: [JournalEntry] = []
        do {
            retry = FailedJobRetry(journal: try settings.openJournal(), config: settings)
            if allFailed {
                chosen = try retry.allFailedJobs()
            } else {
                for name in names {
                    let found = try retry.failedJobs(named: name)
                    if found.isEmpty { throw Self.fail("no failed job matches '\(name)' (see soundtrack status --state failed)", code: 66) }
                    chosen += found.filter { entry in !chosen.contains { $0.id == entry.id } }
                }
            }
        } catch let error as JournalError {
            throw Self.fail(error.description, code: 73)
        }
        var failures = 0
        for entry in chosen {
            switch retry.retry(entry) {
            case .requeued(let path):
                print("queued again: \(path)")
            case .cannot(let path, let reason):
                failures += 1
                FileHandle.standardError.write(Data("soundtrack: \(path): \(reason)\n".utf8))
            }
        }
        if chosen.isEmpty { print("no failed jobs") }
        if failures > 0 { throw ExitCode(73) }
    }

    private static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("soundtrack: \(message)\n".utf8))
        return ExitCode(code)
    }
}
