#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Composition
import Pipeline

/// `soundtrack INPUT`: the main job.
struct Make: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make", abstract: "Write a soundtracked copy of a video (the default command).")

    @Argument(help: "The video to give music to.")
    var input: String

    @Option(name: .shortAndLong, help: "Output file (default: NAME.soundtrack.EXT beside the input).")
    var output: String?

    @Flag(help: "Replace an existing output file.")
    var force = false

    @Option(help: "Musical style, or 'auto' to choose from the mood (see 'soundtrack styles').")
    var style = "auto"

    @Option(help: "Words describing the music you want, for example \"calm morning\".")
    var prompt: String?

    @Option(help: "Seed for the composer; the same seed gives the same music.")
    var seed: UInt64 = 1

    @Option(help: "Tempo the music centres on, in bpm (40-240; default: from the mood).")
    var tempo: Double?

    @Option(help: "Home key, for example \"D minor\", \"F# major\" or \"A dorian\" (default: from the seed).")
    var key: String?

    @Option(help: "How the music meets the original sound: auto, replace, mix or add.")
    var audio: AudioMode = .auto

    @Option(help: "Loudness target of the new track in LUFS.")
    var lufs = -16.0

    @Option(help: "Also write the score as a Standard MIDI File.")
    var midi: String?

    @Option(help: "Also write a JSON report (analysis, music, loudness, timings).")
    var report: String?

    @Option(help: "General MIDI SoundFont (.sf2/.sf3) to render with (default: the best one installed).")
    var soundfont: String?

    @Option(help: "Also write the music as WAV stems into this folder: one per instrument, and mix.wav.")
    var stems: String?

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
    }

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let logger = logging.makeLogger(interactive: interactive)
        var options = JobOptions(input: input)
        options.output = output
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
        let progress = ProgressReporter(interactive: interactive && !logging.quiet, logger: logger)
        do {
            let result = try SoundtrackJob(options: options, logger: logger, progress: progress).run()
            print(result.output ?? "")
        } catch {
            progress.finish()
            throw fail(error)
        }
    }
}

extension AudioMode: ExpressibleByArgument {}
