import Analysis
import MediaIO

/// What a job starts from. Every kind has its own analysis (`InputStage`) and ends in the same
/// `MoodTimeline`, so that composition, rendering, mixing and delivery never ask where the
/// moods came from.
///
/// A new kind of input is a case here, a case of `OpenedInput`, a branch in `InputStage.open`
/// and `InputStage.analyse`, and its delivery in `OutputPlanner` and `DeliveryStage`.
public enum JobInput: Sendable, Equatable {
    /// A video file: its pictures, sound and subtitles are analysed, and delivered as a video
    /// keeps every original stream.
    case video(path: String)
    /// A prompt alone, or a cue sheet: a mood per time, no pictures and no sound.
    case words(WordsInput)
    /// Photos (and folders of photos): one slideshow, each photo a scene.
    case photos(PhotoInputs)
    /// A song to re-style: a Standard MIDI File or a recording (`SongJob`).
    case song(path: String)

    /// The kind of input a path names, by extension (and, for a folder, by being one): nothing
    /// is a prompt alone, `.txt`/`.json` a cue sheet, `.mid` or a recording (`.mp3 .wav .flac`
    /// ..., or any file a probe finds sound and no video in) a song to re-style, a photo or a
    /// folder a slideshow (shown with the default settings), anything else a video.
    public static func classify(path: String) -> JobInput {
        if path.isEmpty { return .words(WordsInput(cueSheet: nil)) }
        if WordsInput.isCueSheet(path) { return .words(WordsInput(cueSheet: path)) }
        if SongInput.isSong(path) { return .song(path: path) }
        if PhotoInputs.isPhotoOrFolder(path) { return .photos(PhotoInputs(paths: [path])) }
        if SongInput.isRecording(path) { return .song(path: path) }
        return .video(path: path)
    }

    /// The file named on the command line (or dropped in a watch folder), for messages and the
    /// report: the first photo or folder of a slideshow, "" for a prompt alone.
    public var path: String {
        switch self {
        case .video(let path), .song(let path): return path
        case .words(let words): return words.cueSheet ?? ""
        case .photos(let photos): return photos.paths.first ?? ""
        }
    }
}

/// An input opened and probed: enough to plan the outputs before the long work starts.
enum OpenedInput {
    case video(file: InputFile, info: MediaInfo)
    /// Words are read whole when opened (a cue sheet is small): the analysis is already done.
    case words(AnalysisResult)
    case photos(OpenedPhotos)

    /// How long the music runs, as far as it is known before the analysis.
    var statedDuration: Double? {
        switch self {
        case .video(_, let info): return info.duration
        case .words(let analysis): return analysis.duration
        case .photos(let photos): return photos.timing.duration
        }
    }

    /// Samples at 48 kHz the delivered music must last, when the input fixes it to the frame
    /// (a slideshow's pictures); nil: as long as the mood timeline.
    var audioFrameCount: Int? {
        switch self {
        case .photos(let photos): return photos.audioFrameCount
        case .video, .words: return nil
        }
    }

    /// Whether the input has sound of its own that the music may meet.
    var hasSound: Bool {
        switch self {
        case .video(_, let info): return info.audio != nil
        case .words, .photos: return false
        }
    }
}

/// The photos of a slideshow, each opened (read-only) and planned in time.
struct OpenedPhotos {
    var inputs: PhotoInputs
    var files: [InputFile]
    var timing: SlideshowTiming
    /// Frames each photo is shown, once the score has placed the changes on its downbeats
    /// (`placed(on:)`); before that, the planned frames.
    var shotFrames: [Int]

    /// Where the photos change once the composer wrote the bars: each planned change moves to
    /// the nearest bar start (it is one, to the sample, unless the composer could not fit it).
    mutating func place(onDownbeats downbeats: [Double]) {
        shotFrames = timing.frames(changingAtNearest: downbeats)
    }

    /// Samples at 48 kHz in the whole slideshow.
    var audioFrameCount: Int {
        SlideshowWriter(settings: inputs.settings).audioFrameCount(videoFrames: shotFrames.reduce(0, +))
    }

    /// The analysis with each photo's scene where it is actually shown.
    func shown(_ analysis: AnalysisResult) -> AnalysisResult {
        var result = analysis
        var frame = 0
        let rate = Double(inputs.framesPerSecond)
        for index in result.scenes.indices where index < shotFrames.count {
            result.scenes[index].start = Double(frame) / rate
            frame += shotFrames[index]
            result.scenes[index].end = Double(frame) / rate
        }
        result.cuts = result.scenes.dropFirst().map(\.start)
        return result
    }
}
