import Analysis
import MediaIO

/// The first stages of the chain: the input opened and probed, then analysed into a mood
/// timeline (and, for a video, the original sound parked for mixing).
struct InputStage {
    var reader: MediaReader
    var photoReader: PhotoReader
    /// Said to the log: defaults the input chose (a cue sheet's length), words with no mood.
    var notice: (String) -> Void = { _ in }

    /// Each photo is measured at about the size the video analysis reads frames at.
    static let analysisBox = PixelSize(width: 64, height: 64)

    /// Opens and probes the input: cheap, and enough to plan the outputs. `prompt` and
    /// `duration` are the request's (`JobOptions`).
    func open(_ input: JobInput, prompt: String?, duration: Double?) throws -> OpenedInput {
        switch input {
        case .video(let path):
            let file = try InputFile(path: path)
            return .video(file: file, info: try reader.probe(file))
        case .words(let words):
            return .words(try analyse(words, prompt: prompt, duration: duration))
        case .photos(let photos):
            return .photos(try open(photos, duration: duration))
        case .song(let path):
            throw PipelineError.usage("\(path): a song is re-styled by SongJob, not the video chain")
        }
    }

    /// Analyses the input. `keepAudioIn` names where the original sound may be parked for a
    /// mix (nil: it is not needed), `bandwidth` the highest frequency the delivery keeps (nil: all).
    func analyse(
        _ opened: OpenedInput, prompt: String?, keepAudioIn spoolPlace: SpoolPlace?, bandwidth: Double?,
        progress: @escaping @Sendable (Double) -> Void
    ) throws -> AnalysisOutcome {
        switch opened {
        case .video(let file, let info):
            return try AnalysisStage.run(
                input: file, info: info, prompt: prompt, keepAudioIn: info.audio != nil ? spoolPlace : nil,
                bandwidth: bandwidth, reader: reader, progress: progress)
        case .words(let analysis):
            progress(1)
            return AnalysisOutcome(analysis: analysis)
        case .photos(let photos):
            return AnalysisOutcome(analysis: try analyse(photos, prompt: prompt, progress: progress))
        }
    }

    /// The moods of words: one for a prompt, one per cue for a cue sheet.
    private func analyse(_ words: WordsInput, prompt: String?, duration: Double?) throws -> AnalysisResult {
        guard let path = words.cueSheet else {
            guard let prompt, let duration else {
                throw PipelineError.usage("--prompt without an input needs --duration SECONDS, the length of the music")
            }
            try WordsInput.check(duration: duration)
            if WordMood.mood(of: prompt) == nil {
                notice("no word of the prompt carries a mood that soundtrack knows; the music is neutral")
            }
            return AnalysisResult(prompt: prompt, duration: duration)
        }
        let sheet = try WordsInput.cueSheet(at: path)
        let (seconds, said) = try WordsInput.duration(of: sheet, requested: duration, path: path)
        if let said { notice(said) }
        return AnalysisResult(cues: sheet, duration: seconds)
    }

    /// Every photo opened (a missing one fails the job before anything is written) and the
    /// slideshow planned: equal shares of `duration`, or `secondsPerPhoto` each.
    private func open(_ photos: PhotoInputs, duration: Double?) throws -> OpenedPhotos {
        let paths = try photos.photos()
        let timing: SlideshowTiming
        do {
            timing = try SlideshowTiming.plan(
                photos: paths.count, secondsPerPhoto: photos.secondsPerPhoto, duration: duration,
                framesPerSecond: photos.framesPerSecond)
        } catch {
            throw PipelineError.usage(error.description)
        }
        let files = try paths.map { path throws(MediaError) in try InputFile(path: path) }
        return OpenedPhotos(inputs: photos, files: files, timing: timing, shotFrames: timing.plannedFrames)
    }

    /// Each photo read small and measured: a photo that cannot be decoded fails the job here,
    /// before anything is written.
    private func analyse(
        _ photos: OpenedPhotos, prompt: String?, progress: @escaping @Sendable (Double) -> Void
    ) throws -> AnalysisResult {
        var pictures: [Picture] = []
        for (index, file) in photos.files.enumerated() {
            let photo = try photoReader.read(file, fitting: Self.analysisBox)
            pictures.append(
                Picture(
                    time: photos.timing.starts[index], width: photo.size.width, height: photo.size.height,
                    rgb: photo.rgb))
            progress(Double(index + 1) / Double(photos.files.count))
        }
        return PhotoScenes.analysis(
            pictures: pictures, timing: photos.timing, prompt: prompt, moving: photos.inputs.motion)
    }
}
