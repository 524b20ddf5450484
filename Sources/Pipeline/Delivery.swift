import MediaIO

/// What the job hands over at the end, decided once from the output's name.
public enum Delivery: Sendable, Equatable {
    /// A copy of the input video with the new soundtrack as its default audio track.
    case video(OutputFormat)
    /// The soundtrack alone, as an audio file (the music, or the mix with the original sound).
    case audio(OutputFormat)
    /// The score alone as a Standard MIDI File: composed, never rendered, no SoundFont needed.
    case midi

    /// Whether the music is synthesised (and so a SoundFont is needed).
    public var rendersMusic: Bool {
        self != .midi
    }

    /// The highest frequency the delivered soundtrack keeps (see `OutputFormat.Codec.bandwidth`).
    public var bandwidth: Double? {
        format?.codec.bandwidth
    }

    /// How far under the true-peak limit the limiter works (see `OutputFormat.Codec.peakHeadroom`).
    public var peakHeadroom: Double {
        format?.codec.peakHeadroom ?? 1
    }

    /// The audio codec of the delivered soundtrack, when there is one.
    public var format: OutputFormat? {
        switch self {
        case .video(let format), .audio(let format): return format
        case .midi: return nil
        }
    }
}

/// Where the output goes and what it is.
public struct OutputPlan: Sendable, Equatable {
    public var path: String
    public var delivery: Delivery
}
