import Audio

/// Interleaved stereo float samples at `AudioChunk.sampleRate`, on the video's timeline.
public struct AudioChunk: Sendable {
    public static let sampleRate = AudioFormat.standard.sampleRate
    public static let channels = AudioFormat.standard.channels

    /// Left, right, left, right, ...
    public var samples: [Float]

    public var frameCount: Int { samples.count / Self.channels }
}
