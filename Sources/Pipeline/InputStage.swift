import Analysis
import MediaIO

/// The first stages of the chain: the input opened and probed, then analysed into a mood
/// timeline (and, for a video, the original sound parked for mixing).
struct InputStage {
    var reader: MediaReader

    /// Opens and probes the input: cheap, and enough to plan the outputs.
    func open(_ input: JobInput) throws -> OpenedInput {
        switch input {
        case .video(let path):
            let file = try InputFile(path: path)
            return .video(file: file, info: try reader.probe(file))
        case .song(let path):
            throw PipelineError.usage("\(path): a song is re-styled by SongJob, not the video chain")
        }
    }

    /// Analyses the input. `keepAudioIn` names where the original sound may be parked for a
    /// mix (nil: it is not needed).
    func analyse(
        _ opened: OpenedInput, prompt: String?, keepAudioIn spoolPlace: SpoolPlace?,
        progress: @escaping @Sendable (Double) -> Void
    ) throws -> AnalysisOutcome {
        switch opened {
        case .video(let file, let info):
            return try AnalysisStage.run(
                input: file, info: info, prompt: prompt, keepAudioIn: info.audio != nil ? spoolPlace : nil,
                reader: reader, progress: progress)
        }
    }
}
