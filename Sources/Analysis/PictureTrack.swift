/// What the pictures of one stretch of video say, kept as a few numbers per frame.
///
/// A long video can be read as several stretches in parallel, one track each; `Analyzer`
/// joins them in order and looks for cuts across the joins.
public struct PictureTrack: Sendable {
    /// Pictures measured per second for colour features (cuts use every frame).
    public var featureSamplesPerSecond: Double = 4

    var detector: SceneCutDetector
    var samples: [(time: Double, features: PictureFeatures)] = []
    var motion: [(time: Double, mafd: Double)] = []
    /// The first and last few frames, for finding cuts across the join with a neighbour.
    var head: [(time: Double, luma: [Float])] = []
    var tail: [(time: Double, luma: [Float])] = []
    private var nextFeatureTime = -Double.infinity

    static let joinFrames = 4

    public init(minimumSceneSeconds: Double = 0.5) {
        detector = SceneCutDetector(minimumSceneSeconds: minimumSceneSeconds)
    }

    public mutating func add(_ picture: Picture) {
        let luma = Self.luma(of: picture)
        let mafd = detector.add(time: picture.time, luma: luma)
        motion.append((picture.time, mafd))
        if head.count < Self.joinFrames { head.append((picture.time, luma)) }
        tail.append((picture.time, luma))
        if tail.count > Self.joinFrames { tail.removeFirst() }
        if picture.time >= nextFeatureTime {
            nextFeatureTime = picture.time + 1 / featureSamplesPerSecond
            samples.append((picture.time, PictureFeatures.measure(picture).features))
        }
    }

    static func luma(of picture: Picture) -> [Float] {
        var luma = [Float](repeating: 0, count: picture.width * picture.height)
        picture.rgb.withUnsafeBufferPointer { rgb in
            for index in 0..<luma.count {
                luma[index] = 0.299 * Float(rgb[3 * index]) + 0.587 * Float(rgb[3 * index + 1])
                    + 0.114 * Float(rgb[3 * index + 2])
            }
        }
        return luma
    }

    /// Joins tracks read one after another into one, finding the cuts that straddle each join.
    static func joined(
        _ tracks: [PictureTrack]
    ) -> (cuts: [Double], samples: [(time: Double, features: PictureFeatures)], motion: [(time: Double, mafd: Double)]) {
        var cuts: [Double] = []
        var samples: [(time: Double, features: PictureFeatures)] = []
        var motion: [(time: Double, mafd: Double)] = []
        for (index, track) in tracks.enumerated() {
            var detector = track.detector
            let isLast = index == tracks.count - 1
            // A candidate left pending at the end of a track is settled by the join below.
            if isLast { detector.finish() }
            cuts += detector.cuts
            samples += track.samples
            motion += track.motion
            if !isLast {
                cuts += Self.cutsAcross(track, tracks[index + 1])
            }
        }
        return (Array(Set(cuts)).sorted(), samples, motion)
    }

    /// Runs a fresh detector over the frames around a join and keeps the cuts it finds where
    /// neither track's own detector could decide: after the earlier track's last settled frame.
    private static func cutsAcross(_ earlier: PictureTrack, _ later: PictureTrack) -> [Double] {
        guard let settledBefore = earlier.tail.dropLast(SceneCutDetector.confirmationFrames).last?.time else {
            return []
        }
        var detector = SceneCutDetector(
            threshold: earlier.detector.threshold, minimumSceneSeconds: earlier.detector.minimumSceneSeconds)
        for frame in earlier.tail + later.head { detector.add(time: frame.time, luma: frame.luma) }
        // From its second frame on, the later track decides for itself.
        guard let handedOver = later.head.dropFirst().first?.time ?? later.head.first?.time else { return [] }
        let laterOwn = Set(later.detector.cuts)
        return detector.cuts.filter { $0 > settledBefore && $0 <= handedOver && !laterOwn.contains($0) }
    }
}
