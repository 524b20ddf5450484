import ArgumentParser
import Foundation
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// `soundtrack analyze INPUT`: the analysis as JSON on stdout.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the scenes and moods of a video, or the tempo map, key, chords, sections and melody of a song (a MIDI file or a recording), as JSON.")

    @Argument(help: ArgumentHelp("The video (or song: MIDI file or recording) to analyse.", valueName: "VIDEO|SONG.mid|SONG.mp3"))
    var input: String

    @Option(help: ArgumentHelp("For a MIDI song: the part that carries the melody (1-based).", valueName: "N"))
    var melodyTrack: Int?

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
        if SongJob.takes(input: input) {
            do {
                let analysis = try SongInput.analysis(at: input, melodyTrack: melodyTrack)
                FileHandle.standardOutput.write(try SongReport(input: input, analysis: analysis).jsonData())
                print()
                return
            } catch let error as PipelineError {
                throw fail(error)
            }
        }
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
