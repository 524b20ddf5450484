#if canImport(Glibc)
import Glibc
#endif
import FileSystem
import MediaIO

/// Decides, once, where the output goes and what is delivered there: `-o` by its extension,
/// else `NAME.soundtrack.EXT` beside the input (or in `outputFolder`) in a container that can
/// carry the input's streams.
enum OutputPlanner {
    /// The plan, and a notice to log when the input's own container could not be kept.
    static func plan(options: JobOptions, input: OpenedInput) throws(PipelineError) -> (plan: OutputPlan, notice: String?) {
        var notice: String?
        let plan: OutputPlan
        if let requested = options.output {
            plan = OutputPlan(path: requested, delivery: try delivery(forPath: requested))
        } else {
            switch input {
            case .video(_, let info):
                let (chosen, changed) = OutputFormat.forInput(path: options.input, info: info)
                if changed {
                    notice = "the input's container cannot carry all its streams with the new soundtrack; writing .\(chosen.fileExtension)"
                }
                plan = OutputPlan(
                    path: defaultPath(input: options.input, format: chosen, folder: options.outputFolder),
                    delivery: .video(chosen))
            case .words:
                guard !options.input.isEmpty else {
                    throw .usage("--prompt without an input needs -o FILE, for example -o theme.m4a")
                }
                plan = OutputPlan(
                    path: defaultPath(input: options.input, format: .wav, folder: options.outputFolder),
                    delivery: .audio(.wav))
            case .photos:
                plan = OutputPlan(
                    path: inFolder(PhotoInputs.defaultOutputPath(for: options.input), options.outputFolder),
                    delivery: .video(.mp4))
            }
        }
        try check(plan, input: input)
        try check(plan.delivery, options: options)
        try checkDistinct(output: plan.path, options: options)
        if sameFile(plan.path, options.input) {
            throw .cannotCreateOutput(path: plan.path, reason: "it is the input itself, which is never replaced")
        }
        return (plan, notice)
    }

    /// What an output named by the user delivers, from its extension. A name ending in "/" is
    /// a folder to write into (an existing one is taken as such before this), so it is missing.
    static func delivery(forPath path: String) throws(PipelineError) -> Delivery {
        if path.hasSuffix("/") { throw .cannotCreateOutput(path: path, reason: "the folder does not exist") }
        if let video = OutputFormat.forPath(path) { return .video(video) }
        if let audio = OutputFormat.audioFile(forPath: path) { return .audio(audio) }
        let name = path.lowercased()
        if name.hasSuffix(".mid") || name.hasSuffix(".midi") { return .midi }
        throw .usage(
            "\(path): unknown kind of output; use a video (.mp4, .m4v, .mov, .mkv, .webm), "
                + "an audio file (.m4a, .wav, .flac, .opus, .mp3) or .mid")
    }

    /// Deliveries the input cannot give: words have no pictures, and a slideshow's pictures are
    /// H.264, which WebM cannot hold.
    static func check(_ plan: OutputPlan, input: OpenedInput) throws(PipelineError) {
        switch (plan.delivery, input) {
        case (.video, .words):
            throw .usage(
                "\(plan.path): words have no pictures; name an audio file (.m4a, .wav, .flac, .opus, .mp3) or .mid")
        case (.video(let format), .photos) where format.codec != .aac:
            throw .usage("\(plan.path): a slideshow is H.264 video; name the output .mp4, .m4v, .mov or .mkv")
        default:
            break
        }
    }

    /// Two outputs under one name: the first one published would stand in the second's way, and
    /// the job would fail with a file left behind (`--midi x.mid -o x.mid` exited 73 and left the
    /// score). Names are compared as written, made absolute.
    static func checkDistinct(output: String, options: JobOptions) throws(PipelineError) {
        let named = [
            ("-o", output), ("--midi", options.midiPath), ("--report", options.reportPath),
            ("--stems", options.stemsPath),
        ]
        var seen: [String: String] = [:]
        for case let (option, path?) in named {
            let absolute = FolderPaths.absolute(path)
            if let earlier = seen[absolute] {
                throw .usage("\(option) \(path) names the same file as \(earlier); give each output its own name")
            }
            seen[absolute] = option
        }
    }

    /// Options that the delivery cannot honour.
    static func check(_ delivery: Delivery, options: JobOptions) throws(PipelineError) {
        switch delivery {
        case .audio where options.audioMode == .add:
            throw .usage(
                "--audio add puts the music beside the original sound as a second track, which an audio file "
                    + "cannot hold; use --audio mix or replace")
        case .midi where options.stemsPath != nil:
            throw .usage("--stems renders the music, and a .mid output is not rendered; give an audio or video output")
        default:
            break
        }
    }

    /// `NAME.soundtrack.EXT` beside the input, or in `folder`.
    static func defaultPath(input: String, format: OutputFormat, folder: String?) -> String {
        inFolder(OutputFormat.defaultOutputPath(for: input, format: format), folder)
    }

    /// `beside`, or the same name in `folder`.
    static func inFolder(_ beside: String, _ folder: String?) -> String {
        guard let folder else { return beside }
        let name = beside.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? beside
        return folder.hasSuffix("/") ? folder + name : "\(folder)/\(name)"
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard FileSystemName.withBytes(a, { stat($0, &first) }) == 0,
            FileSystemName.withBytes(b, { stat($0, &second) }) == 0
        else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
