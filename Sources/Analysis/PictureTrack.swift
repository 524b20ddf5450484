/// What the pictures of one stretch of video say, kept as a few numbers per frame.
///
/// A long video can be read as several stretches in parallel, one track each; `Analyzer`
/// joins them in order, so that cuts across a join are found like any other.
public struct PictureTrack: Sendable {
    /// Pictures measured per second for colour features (cuts use every decoded frame).
    public var featureSamplesPerSecond: Double = 4

    var series = FrameSeries()
    var samples: [(time: Double, features: PictureFeatures)] = []
    /// The first and last pictures' luma, to measure the difference across a join.
    var firstLuma: [Float] = []
    var lastLuma: [Float] = []
    private var nextFeatureTime = -Double.infinity

    public init() {}

    public mutating func add(_ picture: Picture) {
        let luma = Self.luma(of: picture)
        let difference = lastLuma.isEmpty ? 0 : Self.meanAbsoluteDifference(lastLuma, luma)
        series.append(time: picture.time, difference: difference, luma: luma, width: picture.width, height: picture.height)
        if firstLuma.isEmpty { firstLuma = luma }
        lastLuma = luma
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

    /// Joins tracks read one after another into one series, measuring the difference across
    /// each join.
    static func joined(_ tracks: [PictureTrack]) -> (series: FrameSeries, samples: [(time: Double, features: PictureFeatures)]) {
        var series = FrameSeries()
        var samples: [(time: Double, features: PictureFeatures)] = []
        var previous: [Float] = []
        for track in tracks where track.series.count > 0 {
            let joinAt = series.count
            series.append(contentsOf: track.series)
            if !previous.isEmpty { series.differences[joinAt] = meanAbsoluteDifference(previous, track.firstLuma) }
            previous = track.lastLuma
            samples += track.samples
        }
        return (series, samples)
    }
}
