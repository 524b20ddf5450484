#if canImport(Glibc)
import Glibc
#endif
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
            let format: OutputFormat
            switch input {
            case .video(_, let info):
                let (chosen, changed) = OutputFormat.forInput(path: options.input, info: info)
                if changed { notice = "the input's container cannot carry the new soundtrack cleanly; writing Matroska" }
                format = chosen
            }
            plan = OutputPlan(
                path: defaultPath(input: options.input, format: format, folder: options.outputFolder),
                delivery: .video(format))
        }
        try check(plan.delivery, options: options)
        if sameFile(plan.path, options.input) {
            throw .cannotCreateOutput(path: plan.path, reason: "it is the input itself, which is never replaced")
        }
        return (plan, notice)
    }

    /// What an output named by the user delivers, from its extension.
    static func delivery(forPath path: String) throws(PipelineError) -> Delivery {
        if let video = OutputFormat.forPath(path) { return .video(video) }
        if let audio = OutputFormat.audioFile(forPath: path) { return .audio(audio) }
        let name = path.lowercased()
        if name.hasSuffix(".mid") || name.hasSuffix(".midi") { return .midi }
        throw .usage(
            "\(path): unknown kind of output; use a video (.mp4, .m4v, .mov, .mkv, .webm), "
                + "an audio file (.m4a, .wav, .flac, .opus, .mp3) or .mid")
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
        let beside = OutputFormat.defaultOutputPath(for: input, format: format)
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
