#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import Pipeline

/// `soundtrack analyze INPUT`: the analysis as JSON on stdout.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the scenes and moods of a video as JSON.")

    @Argument(help: "The video to analyse.")
    var input: String

    @Option(help: "Words describing the music you want; they steer the moods.")
    var prompt: String?

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let logger = logging.makeLogger(interactive: interactive)
        let progress = ProgressReporter(interactive: interactive && !logging.quiet, logger: logger)
        let report: Report
        do {
            report = try AnalysisJob(input: input, prompt: prompt, progress: progress).run()
        } catch {
            progress.finish()
            throw fail(error)
        }
        FileHandle.standardOutput.write(try report.jsonData())
        print()
    }
}
