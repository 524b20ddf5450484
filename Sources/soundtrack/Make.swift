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
        usage: "soundtrack VIDEO...|CUES.txt|--prompt TEXT [-o FILE|DIR] [--duration SECONDS] [options]\nsoundtrack PHOTO|FOLDER... [-o FILE.mp4] [options]\nsoundtrack SONG.mid|SONG.mp3 --style NAME [-o FILE.mid|FILE.m4a|FILE.wav] [--melody-track N] [options]\nsoundtrack SONG.mid|SONG.mp3 --style NAME --picture PHOTO|VIDEO [-o FILE.mp4] [options]",
        discussion: """
            Writes NAME.soundtrack.EXT beside each video (the input is never changed). With several \
            videos each is done in turn, one line each, then a summary; the exit code is the worst one.

            Examples:
              soundtrack holiday.mp4
              soundtrack holiday.mp4 -o holiday-music.mkv --style folk --seed 7
              soundtrack talk.mp4 --audio mix --lufs -23 --report talk.json
              soundtrack *.mp4 -o done/        # several videos; the outputs go into done/
              soundtrack clip.mp4 --midi score.mid --stems stems/ --progress json
              soundtrack holiday.mp4 -o music.m4a   # the soundtrack alone (.m4a .wav .flac .opus .mp3)
              soundtrack talk.mp4 -o talk.wav --audio mix   # the music under the original sound
              soundtrack holiday.mp4 -o score.mid   # the score alone: not rendered, no SoundFont needed
              soundtrack --prompt "a rainy walk home" --duration 90 -o theme.m4a
              soundtrack cues.txt --duration 120 -o score.flac  # lines like "0:42 chase"
              soundtrack song.mid --style folk -o song.folk.mid  # a song re-styled (docs/restyle.md)
              soundtrack song.mid --style piano -o song.piano.m4a
              soundtrack song.mp3 --style piano -o song.piano.m4a  # a recording: beats, chords, melody heard
              soundtrack song.mid --style folk --picture photo.jpg  # under a photo
              soundtrack song.mp3 --style lofi --picture clip.mp4   # under a video

            A cue sheet (.txt or .json) gives a mood per time: each cue starts a section on a downbeat \
            (docs/words.md). Music from words goes to any audio file or .mid (default: NAME.soundtrack.wav). \
            --duration is for words and photos only: a video's music is as long as the video.

            Photos (JPEG, PNG, WebP, GIF, BMP, TIFF) make one slideshow with music: each photo a \
            scene, each change on a downbeat, letterboxed to --size, H.264 and AAC.
              soundtrack a.jpg b.png c.webp -o trip.mp4
              soundtrack holiday/ --seconds-per-photo 4 --motion   # a folder, by name
              soundtrack portrait.jpg --duration 30               # a still video
              soundtrack holiday/ -o holiday.m4a --stems stems/   # the music of the slideshow alone
            """)

    @Argument(
        help: ArgumentHelp(
            "The videos to give music to, the photos (and folders of photos) of one slideshow, or a cue sheet (.txt or .json).",
            valueName: "VIDEO"))
    var inputs: [String] = []

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file, or an existing folder for NAME.soundtrack.EXT (default: beside the input). "
                + "By extension: a video (.mp4 .m4v .mov .mkv .webm), the soundtrack alone "
                + "(.m4a .wav .flac .opus .mp3), or the score alone (.mid).",
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

    @Option(
        help: ArgumentHelp(
            "Length of the music from words (required with --prompt alone; for a cue sheet, default 30 s after "
                + "its last cue) or of a slideshow of photos (1 s to 3 hours).", valueName: "SECONDS"))
    var duration: Double?

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
        help: ArgumentHelp(
            "Also write a report: FILE.html is a page with pictures of the scenes, timeline, score and loudness "
                + "(for a song: the chords, key, tempo map and sections found); "
                + "any other name gets JSON (analysis, music, loudness, timings).",
            valueName: "FILE.html|FILE.json"))
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

    @Option(
        help: ArgumentHelp(
            "For a MIDI song: the part that carries the melody, numbered as 'soundtrack analyze' lists them "
                + "(default: a part named melody, else the highest single line).", valueName: "N"))
    var melodyTrack: Int?

    @Option(
        help: ArgumentHelp(
            "For a song: a photo or a video to put it under; the output is a video as long as the song "
                + "(a photo shown still, a video's pictures copied and cut, or its last frame held).",
            valueName: "PHOTO|VIDEO"))
    var picture: String?

    @OptionGroup(title: "Photos") var slideshow: SlideshowArguments

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        try validateSlideshow()
        if inputs.isEmpty && prompt == nil {
            throw ValidationError("give a video, a cue sheet (.txt or .json), photos, or --prompt TEXT --duration SECONDS")
        }
        // One check for every kind of input (JobOptions+Validation), as the job itself makes it.
        for job in jobs {
            if let problem = job.problem { throw ValidationError(problem) }
        }
        if inputs.isEmpty {
            guard let output, !Self.isFolder(output) else {
                throw ValidationError("--prompt without an input needs -o FILE, for example -o theme.m4a")
            }
        }
        if jobs.count > 1 {
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

    /// The jobs the command stands for: one per video or cue sheet, one for all the photos of a
    /// slideshow, one for a prompt alone.
    var jobs: [JobOptions] {
        if isSlideshow { return [slideshowOptions()] }
        return (inputs.isEmpty ? [""] : inputs).map(options(for:))
    }

    func run() throws {
        let interactive = isatty(STDERR_FILENO) == 1
        let logger = logging.makeConsoleLogger(interactive: interactive)
        Interruption.install()
        let display = progress.display(interactive: interactive, quiet: logging.quiet)
        var outcomes: [Int32] = []
        let jobs = self.jobs
        for options in jobs {
            let reporter = ProgressReporter(display: display, logger: logger)
            var job = SoundtrackJob(options: options, logger: logger, progress: reporter)
            job.interrupt = Interruption.flag
            do {
                let written = try job.run().output ?? ""
                // Unbuffered, so that each line is out as its video is done.
                FileHandle.standardOutput.write(Data((DisplayName.escapingControls(written) + "\n").utf8))
                outcomes.append(0)
            } catch {
                reporter.finish()
                outcomes.append(fail(error).rawValue)
            }
            if Interruption.flag.isSet { break }
        }
        if jobs.count > 1 {
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
        options.duration = duration
        options.seed = seed
        options.tempo = tempo
        options.key = key
        options.audioMode = audio
        options.lufs = lufs
        options.midiPath = midi
        options.reportPath = report
        options.soundFont = soundfont
        options.stemsPath = stems
        options.melodyTrack = melodyTrack
        options.picture = picture
        slideshow.apply(to: &options.pictureFrame)
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
