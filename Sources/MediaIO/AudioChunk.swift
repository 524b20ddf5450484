/// Interleaved stereo float samples at `AudioChunk.sampleRate`, on the video's timeline.
public struct AudioChunk: Sendable {
    public static let sampleRate = 48_000
    public static let channels = 2

    /// Left, right, left, right, ...
    public var samples: [Float]

    public var frameCount: Int { samples.count / Self.channels }
}
