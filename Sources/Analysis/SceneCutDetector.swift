/// Finds hard cuts in a stream of small luma pictures, one frame at a time.
///
/// The score of a frame is the mean absolute difference from the previous frame (MAFD, percent
/// of full scale), less the previous frame's MAFD: steady motion keeps MAFD high from frame to
/// frame and scores low, while a cut is one sudden jump. A candidate is confirmed a few frames
/// later only if the picture has not come back (a flash or a one-frame glitch returns to what
/// it was, a cut does not).
public struct SceneCutDetector: Sendable {
    /// Score (percent) above which a frame starts a new scene.
    public let threshold: Double
    /// Shortest scene, in seconds: closer cuts are ignored.
    public let minimumSceneSeconds: Double

    private var history: [(time: Double, luma: [Float])] = []
    private var previousMAFD: Double = 0
    private var pending: (time: Double, before: [Float], confirmAfter: Int)?
    private var lastCut: Double = 0
    public private(set) var cuts: [Double] = []

    /// Frames to wait before confirming a candidate.
    static let confirmationFrames = 2

    public init(threshold: Double = 9, minimumSceneSeconds: Double = 0.5) {
        self.threshold = threshold
        self.minimumSceneSeconds = minimumSceneSeconds
    }

    /// Mean absolute difference of two luma planes, as a percentage of full scale.
    public static func meanAbsoluteDifference(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 100 }
        var sum: Float = 0
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for index in 0..<a.count { sum += abs(a[index] - b[index]) }
            }
        }
        return Double(sum) / Double(a.count) / 255 * 100
    }

    /// Adds the next frame; returns its MAFD against the previous frame (motion energy).
    @discardableResult
    public mutating func add(time: Double, luma: [Float]) -> Double {
        defer {
            history.append((time, luma))
            if history.count > 2 { history.removeFirst() }
        }
        guard let previous = history.last else { return 0 }
        let mafd = Self.meanAbsoluteDifference(previous.luma, luma)
        let score = min(mafd, abs(mafd - previousMAFD))
        previousMAFD = mafd

        if var candidate = pending {
            candidate.confirmAfter -= 1
            if candidate.confirmAfter <= 0 {
                pending = nil
                // Still different from the picture before the candidate: a real cut.
                if Self.meanAbsoluteDifference(candidate.before, luma) > threshold / 2 {
                    cuts.append(candidate.time)
                    lastCut = candidate.time
                }
            } else {
                pending = candidate
            }
        } else if score > threshold && time - lastCut >= minimumSceneSeconds {
            pending = (time, previous.luma, Self.confirmationFrames)
        }
        return mafd
    }

    /// Confirms a candidate that the stream ended before checking.
    public mutating func finish() {
        if let candidate = pending {
            cuts.append(candidate.time)
            pending = nil
        }
    }
}
