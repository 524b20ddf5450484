/// Caps that keep a hostile or broken file from costing unbounded time or memory.
public struct InputLimits: Sendable {
    /// Largest picture a decoder may produce, in pixels (8K UHD by default).
    public var maxPixelsPerFrame: Int64 = 7680 * 4320
    /// Most streams a container may declare.
    public var maxStreams: Int = 64
    /// Bytes the demuxer may read while probing.
    public var probeSizeBytes: Int64 = 32 * 1024 * 1024
    /// Media time the demuxer may read while probing, in seconds.
    public var analyzeSeconds: Double = 30
    /// Longest video accepted, in seconds.
    public var maxDurationSeconds: Double = 6 * 3600
    /// Longest recording listened to as a song, in seconds: the features kept per second are
    /// small, but a song is re-arranged whole, so a longer file is refused up front.
    public var maxSongSeconds: Double = 30 * 60

    public init() {}

    public static let `default` = InputLimits()
}

/// The container formats soundtrack is willing to read, as FFmpeg demuxer names.
/// Everything else (playlists, concat scripts, image sequences, raw devices) is refused at probe time.
let allowedInputFormats = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpeg,mpegts,flv,ogg"

/// What `SoundReader` opens: the video containers (their sound), and the formats that hold only sound.
let allowedSoundFormats = allowedInputFormats + ",mp3,wav,flac,aac,aiff,w64,caf,wv,ape,au,ac3,eac3,mp2"
