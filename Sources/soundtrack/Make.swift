import ArgumentParser
import Composition
import Foundation
import MediaIO
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// `soundtrack VIDEO...`: the main job, for one video or several.
struct Make: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make", abstract: "Write a soundtracked copy of a video, or a slideshow of photos (the default command).",
        usage: "soundtrack VIDEO... [-o FILE|DIR] [options]\nsoundtrack PHOTO|FOLDER... [-o FILE.mp4] [options]",
        discussion: """
            Writes NAME.soundtrack.EXT beside each video (the input is never changed). With several \
            videos each is done in turn, one line each, then a summary; the exit code is the worst one.

            Examples:
              soundtrack holiday.mp4
              soundtrack holiday.mp4 -o holiday-music.mkv --style folk --seed 7
              soundtrack talk.mp4 --audio mix --lufs -23 --report talk.json
              soundtrack *.mp4 -o done/        # several videos; the outputs go into done/
              soundtrack clip.mp4 --midi score.mid --stems stems/ --progress json

            Photos (JPEG, PNG, WebP, GIF, BMP, TIFF) make one slideshow with music: each photo a \
            scene, each change on a downbeat, letterboxed to --size, H.264 and AAC.
              soundtrack a.jpg b.png c.webp -o trip.mp4
              soundtrack holiday/ --seconds-per-photo 4 --motion   # a folder, by name
              soundtrack portrait.jpg --duration 30               # a still video
            """)

    @Argument(
        help: ArgumentHelp(
            "The videos to give music to, or the photos (and folders of photos) of one slideshow.", valueName: "VIDEO"))
    var inputs: [String]

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file, or an existing folder for NAME.soundtrack.EXT (default: beside the input).",
            valueName: "FILE|DIR"))
    var output: String?

    @Flag(help: "Replace an existing output file.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Musical style, or 'auto' to choose from the mood (see 'soundtrack styles').", valueName: "NAME"))
    var style = "auto"

    @Option(help: ArgumentHelp("Words describing the music you want, for example \"calm morning\".", valueName: "TEXT"))
    var prompt: String?

    @Option(help: ArgumentHelp("Seed for the composer; the same seed gives the same music.", valueName: "N"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Tempo the music centres on (40-240; default: from the mood).", valueName: "BPM"))
    var tempo: Double?

    @Option(
        help: ArgumentHelp(
            "Home key, for example \"D minor\", \"F# major\" or \"A dorian\" (default: from the seed).",
            valueName: "KEY"))
    var key: String?

    @Option(help: ArgumentHelp("How the music meets the original sound: auto, replace, mix or add.", valueName: "MODE"))
    var audio: AudioMode = .auto

    // `.unconditional`: the value is negative, and `--lufs -23` is how every loudness tool takes it.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Loudness target of the new track (-40 to -5), for example --lufs -23.", valueName: "LUFS"))
    var lufs = -16.0

    @Option(help: ArgumentHelp("Also write the score as a Standard MIDI File.", valueName: "FILE.mid"))
    var midi: String?

    @Option(
        help: ArgumentHelp("Also write a JSON report (analysis, music, loudness, timings).", valueName: "FILE.json"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "General MIDI SoundFont to render with (default: $SOUNDTRACK_SOUNDFONT, else the best one installed).",
            valueName: "FILE.sf2"))
    var soundfont: String?

    @Option(
        help: ArgumentHelp(
            "Also write the music as WAV stems into this folder: one per instrument, and mix.wav.", valueName: "DIR"))
    var stems: String?

    @Option(
        help: ArgumentHelp(
            "Progress on stderr: auto (a line on a terminal), line, json (one object a line) or none.",
            valueName: "KIND"))
    var progress: ProgressChoice = .auto

    @OptionGroup(title: "Photos") var slideshow: SlideshowArguments

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (-40.0 ... -5.0).contains(lufs) else {
            throw ValidationError("--lufs must be between -40 and -5 (got \(lufs))")
        }
        let styles = ["auto"] + Composer.styles.map(\.name)
        guard styles.contains(style) else {
            throw ValidationError("unknown style '\(style)'; choose one of: \(styles.joined(separator: ", "))")
        }
        if let tempo, !Composer.tempoRange.contains(tempo) {
            throw ValidationError("--tempo must be between 40 and 240 bpm (got \(tempo))")
        }
        if let key, !Composer.isKey(key) {
            throw ValidationError(
                "unknown key '\(key)'; give a note and a mode, for example \"D minor\", \"F# major\" or \"A dorian\"")
        }
        try validateSlideshow()
        if inputs.count > 1 && !isSlideshow {
            if let output, !Self.isFolder(output) {
                throw ValidationError(
                    "-o \(DisplayName.escapingControls(output)) names one file, but \(inputs.count) videos were given; "
                        + "give an existing folder, or leave -o out to write beside each video")
            }
            if midi != nil || report != nil || stems != nil {
                throw ValidationError(
                    "--midi, --report and --stems name one file or folder; give them with one video at a time")
            }
        }
    }

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let logger = logging.makeConsoleLogger(interactive: interactive)
        Interruption.install()
        let display = progress.display(interactive: interactive, quiet: logging.quiet)
        if isSlideshow {
            let code = runSlideshow(reporter: ProgressReporter(display: display, logger: logger), logger: logger)
            if code != 0 { throw ExitCode(code) }
            return
        }
        var outcomes: [Int32] = []
        for input in inputs {
            let reporter = ProgressReporter(display: display, logger: logger)
            var job = SoundtrackJob(options: options(for: input), logger: logger, progress: reporter)
            job.interrupt = Interruption.flag
            do {
                let result = try job.run()
                // Unbuffered, so that each line is out as its video is done.
                FileHandle.standardOutput.write(Data((DisplayName.escapingControls(result.output ?? "") + "\n").utf8))
                outcomes.append(0)
            } catch {
                reporter.finish()
                outcomes.append(fail(error).rawValue)
            }
            if Interruption.flag.isSet { break }
        }
        if inputs.count > 1 {
            summarise(outcomes)
        }
        let worst = outcomes.max() ?? 0
        if worst != 0 { throw ExitCode(worst) }
    }

    /// The job options for one of the inputs.
    func options(for input: String) -> JobOptions {
        var options = JobOptions(input: input)
        if let output, Self.isFolder(output) {
            options.outputFolder = output
        } else {
            options.output = output
        }
        options.force = force
        options.style = style
        options.prompt = prompt
        options.seed = seed
        options.tempo = tempo
        options.key = key
        options.audioMode = audio
        options.lufs = lufs
        options.midiPath = midi
        options.reportPath = report
        options.soundFont = soundfont
        options.stemsPath = stems
        return options
    }

    /// The summary after several videos, on stderr: how many were done and which failed.
    private func summarise(_ outcomes: [Int32]) {
        let failed = outcomes.filter { $0 != 0 }.count
        let skipped = inputs.count - outcomes.count
        var line = "soundtrack: \(outcomes.count - failed) of \(inputs.count) videos done"
        if failed > 0 { line += ", \(failed) failed" }
        if skipped > 0 { line += ", \(skipped) not started (interrupted)" }
        if let worst = outcomes.max(), worst != 0 { line += "; exit \(worst)" }
        Console.shared.writeLines(line + "\n")
    }

    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return FileSystemName.withBytes(path) { stat($0, &status) } == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}

/// How progress is shown, as `--progress` names it.
enum ProgressChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, line, json, none

    func display(interactive: Bool, quiet: Bool) -> ProgressReporter.Display {
        switch self {
        case .auto: return quiet ? .none : interactive ? .line : .log
        case .line: return .line
        case .json: return .json
        case .none: return .none
        }
    }
}

extension AudioMode: ExpressibleByArgument {}
