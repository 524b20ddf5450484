/// A small RGB picture of one video frame, for analysis.
public struct VideoFrame: Sendable {
    /// Seconds from the first video frame.
    public var time: Double
    public var width: Int
    public var height: Int
    /// Packed RGB, 3 bytes a pixel, rows top to bottom.
    public var rgb: [UInt8]
    /// The encoder stored this frame as an intra (I) picture.
    public var isIntra: Bool
}

/// Which frames to decode and how small to make them.
public struct VideoReadOptions: Sendable {
    public enum Frames: Sendable {
        /// Every frame, decoded quickly (loop filter skipped): for cuts and motion.
        case every
        /// Frames other pictures refer to (I and P, and reference B), skipping the disposable
        /// B-frames: two to three times faster than `every` on typical H.264, with a picture at
        /// least every few frames.
        case references
        /// Intra frames only, which decode hundreds of times faster than the whole stream.
        case intraOnly
    }

    public var frames: Frames
    public var width: Int
    public var height: Int
    /// Decoder threads; 0 picks one per core.
    public var threads: Int

    public init(frames: Frames = .every, width: Int = 64, height: Int = 36, threads: Int = 0) {
        self.frames = frames
        self.width = width
        self.height = height
        self.threads = threads
    }
}
