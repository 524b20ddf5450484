import Foundation
import Journal

/// What `/jobs.json` serves and the page draws: the newest jobs from the journal, the counts
/// by state and the daemon's health, in one read.
struct JobsDocument: Encodable {
    struct Job: Encodable {
        var id: Int64
        var state: String
        var input: String
        var attempts: Int
        /// Seconds since 1970.
        var queued: Double?
        var started: Double?
        var finished: Double?
        /// How long the last attempt took (so far, while running).
        var seconds: Double?
        var output: String?
        /// Why it failed or was refused.
        var error: String?
        var stage: String?
        /// The link to its HTML report, when one was written beside the output.
        var report: String?
    }

    var health: String
    var healthy: Bool
    var counts: [String: Int]
    var jobs: [Job]
    /// How many jobs the journal holds in all (the page shows the newest `limit`).
    var total: Int

    /// The page shows this many of the newest jobs; `status` has them all.
    static let limit = 200

    init(entries: [JournalEntry], healthProblem: String?, now: Double) {
        health = healthProblem ?? "ok"
        healthy = healthProblem == nil
        var counts: [String: Int] = [:]
        for state in JobState.allCases { counts[state.rawValue] = 0 }
        for entry in entries { counts[entry.state.rawValue, default: 0] += 1 }
        self.counts = counts
        total = entries.count
        jobs = entries.suffix(Self.limit).reversed().map { entry in
            let running = entry.state == .running
            let seconds = entry.startedAt.flatMap { started in
                running ? now - started : entry.finishedAt.map { $0 - started }
            }
            let output = entry.state == .done ? entry.outcome : nil
            return Job(
                id: entry.id, state: entry.state.rawValue, input: entry.identity.path, attempts: entry.attempts,
                queued: entry.queuedAt, started: entry.startedAt, finished: entry.finishedAt,
                seconds: seconds.map { max(0, ($0 * 10).rounded() / 10) }, output: output,
                error: entry.state == .failed || entry.state == .refused ? entry.outcome : nil,
                stage: entry.state == .failed ? entry.stage : nil,
                report: output.flatMap(ReportLocator.report(forOutput:)).map { _ in "report/\(entry.id)" })
        }
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

/// Where the daemon's HTML report of an output lies, if it wrote one (`report = true`): beside
/// the output, named after it.
enum ReportLocator {
    /// `clip.soundtrack.mp4` → `clip.soundtrack.html`, or `clip.soundtrack.mp4.html`.
    static func candidates(forOutput output: String) -> [String] {
        let url = URL(fileURLWithPath: output)
        return [url.deletingPathExtension().path + ".html", output + ".html"]
    }

    static func report(forOutput output: String) -> String? {
        candidates(forOutput: output).first { FileManager.default.isReadableFile(atPath: $0) }
    }
}
