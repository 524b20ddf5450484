/// What a container holds, as plain values.
public struct MediaInfo: Sendable, Equatable {
    /// FFmpeg's name for the container format, for example "mov,mp4,m4a,3gp,3g2,mj2".
    public var formatName: String
    /// Container duration in seconds, when known.
    public var duration: Double?
    public var streams: [StreamInfo]
    /// Index of the main video stream.
    public var videoStreamIndex: Int
    /// Index of the main audio stream, if the file has sound.
    public var audioStreamIndex: Int?

    public var video: StreamInfo { streams[videoStreamIndex] }
    public var audio: StreamInfo? { audioStreamIndex.map { streams[$0] } }
    public var subtitleStreams: [StreamInfo] { streams.filter { $0.kind == .subtitle } }
}

public struct StreamInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case video, audio, subtitle, attachment, data, unknown
    }

    public var index: Int
    public var kind: Kind
    public var codecName: String
    /// Start time in seconds in the container's clock, when known.
    public var startTime: Double?
    public var duration: Double?
    public var width: Int = 0
    public var height: Int = 0
    /// Average frames per second (video).
    public var frameRate: Double = 0
    public var sampleRate: Int = 0
    public var channels: Int = 0
    /// Clockwise rotation a player applies, in degrees (from the display matrix).
    public var rotation: Double = 0
    public var language: String?
    public var isDefault: Bool = false
    /// A cover image stored as a video stream, not moving pictures.
    public var isAttachedPicture: Bool = false
}
