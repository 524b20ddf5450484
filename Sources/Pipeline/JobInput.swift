import MediaIO

/// What a job starts from. Every kind has its own analysis (`InputStage`) and ends in the same
/// `MoodTimeline`, so that composition, rendering, mixing and delivery never ask where the
/// moods came from.
///
/// A new kind of input (photos, words or a cue sheet, MIDI, audio) is a case here, a case of
/// `OpenedInput`, and a branch in `InputStage.open` and `InputStage.analyse`.
public enum JobInput: Sendable, Equatable {
    /// A video file: its pictures, sound and subtitles are analysed, and delivered as a video
    /// keeps every original stream.
    case video(path: String)
    /// A song to re-style: a Standard MIDI File (`SongJob`).
    case song(path: String)

    /// The kind of input a path names: a song by its extension (`SongInput.isSong`), else a video.
    public static func classify(path: String) -> JobInput {
        SongInput.isSong(path) ? .song(path: path) : .video(path: path)
    }

    /// The file named on the command line (or dropped in a watch folder), for messages and the report.
    public var path: String {
        switch self {
        case .video(let path), .song(let path): return path
        }
    }
}

/// An input opened and probed: enough to plan the outputs before the long work starts.
enum OpenedInput {
    case video(file: InputFile, info: MediaInfo)

    /// The file's own duration as the container states it, when known.
    var statedDuration: Double? {
        switch self {
        case .video(_, let info): return info.duration
        }
    }
}
