import ArgumentParser
import Foundation
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// `soundtrack analyze INPUT`: the analysis as JSON on stdout.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the scenes and moods of a video as JSON.")

    @Argument(help: ArgumentHelp("The video to analyse.", valueName: "VIDEO"))
    var input: String

    @Option(help: ArgumentHelp("Words describing the music you want; they steer the moods.", valueName: "TEXT"))
    var prompt: String?

    @Option(
        help: ArgumentHelp(
            "Progress on stderr: auto (a line on a terminal), line, json (one object a line) or none.",
            valueName: "KIND"))
    var progress: ProgressChoice = .auto

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let logger = logging.makeConsoleLogger(interactive: interactive)
        Interruption.install()
        let reporter = ProgressReporter(
            display: progress.display(interactive: interactive, quiet: logging.quiet), stages: [.analyse],
            logger: logger)
        var job = AnalysisJob(input: input, prompt: prompt, progress: reporter)
        job.interrupt = Interruption.flag
        let report: Report
        do {
            report = try job.run()
        } catch {
            reporter.finish()
            throw fail(error)
        }
        FileHandle.standardOutput.write(try report.jsonData())
        print()
    }
}
