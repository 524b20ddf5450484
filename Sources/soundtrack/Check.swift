import ArgumentParser
import Foundation
import WatchConfiguration

/// `soundtrack check --config watch.conf`: everything the daemon would refuse at start or on
/// reload, without starting it. The units run it before sending SIGHUP, so that `systemctl
/// reload` fails on a broken file instead of reporting success while the daemon keeps its old
/// configuration.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a watch.conf and its folders without starting the daemon.",
        discussion: """
            Prints every problem, one line each as FILE:LINE: WHAT, and exits 78; prints a summary and \
            exits 0 when the daemon could start with it. Folders are checked for the user running the \
            check (run it as the service's user to see what the daemon will see); nothing is created.
            """)

    @Option(help: "The configuration file to check.")
    var config: String

    func run() throws {
        var (settings, problems) = WatchConfig.check(path: config)
        if problems.isEmpty || problems.allSatisfy({ $0.line > 0 }) {
            problems += settings.folderProblems().map { problem in
                var problem = problem
                problem.file = config
                return problem
            }
        }
        problems.sort { ($0.line == 0 ? Int.max : $0.line) < ($1.line == 0 ? Int.max : $1.line) }
        guard problems.isEmpty else {
            for problem in problems {
                FileHandle.standardError.write(Data("soundtrack: \(problem.description)\n".utf8))
            }
            let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            FileHandle.standardError.write(Data("soundtrack: \(config): \(count); the daemon would refuse it\n".utf8))
            throw ExitCode(78)
        }
        let folders = settings.folders.count == 1 ? "1 watched folder" : "\(settings.folders.count) watched folders"
        print("\(config): good (\(folders), \(settings.workers) worker\(settings.workers == 1 ? "" : "s"), "
            + "journal \(settings.journal))")
    }
}
