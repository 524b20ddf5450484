/// When each photo of a slideshow is shown. Times are seconds from the first frame and fall on
/// whole frames, so that the planned time of a photo is a whole number of frames.
///
/// The plan comes first (equal shares of `--duration`, or `--seconds-per-photo` each); the
/// composer then lands a downbeat on every planned change, and `frames(changes:)` turns the
/// bar times it produced into each photo's frames.
public struct SlideshowTiming: Sendable, Equatable {
    /// Planned start of each photo; the first is 0.
    public var starts: [Double]
    /// Length of the whole slideshow.
    public var duration: Double
    public var framesPerSecond: Int

    /// Longest slideshow planned, in seconds (a day): anything longer is a mistake in the options.
    public static let maximumSeconds = 24 * 3600.0
    /// Shortest time a photo is shown, in seconds.
    public static let minimumSecondsPerPhoto = 0.5

    public enum PlanError: Error, CustomStringConvertible, Equatable {
        case tooShort(secondsPerPhoto: Double)
        case tooLong(seconds: Double)

        public var description: String {
            switch self {
            case .tooShort(let seconds):
                return "each photo would be shown for \(seconds.formatted2) s; give at least "
                    + "\(SlideshowTiming.minimumSecondsPerPhoto.formatted2) s a photo (a longer --duration or fewer photos)"
            case .tooLong(let seconds):
                return "the slideshow would last \(Int(seconds)) s, longer than the "
                    + "\(Int(SlideshowTiming.maximumSeconds)) s allowed; give a shorter --duration or --seconds-per-photo"
            }
        }
    }

    /// Equal shares: `duration` for the whole when given, else `secondsPerPhoto` each.
    public static func plan(
        photos count: Int, secondsPerPhoto: Double, duration: Double?, framesPerSecond: Int
    ) throws(PlanError) -> SlideshowTiming {
        precondition(count > 0 && framesPerSecond > 0, "a slideshow has photos and frames")
        let total = duration ?? secondsPerPhoto * Double(count)
        guard total <= maximumSeconds else { throw .tooLong(seconds: total) }
        let share = total / Double(count)
        guard share >= minimumSecondsPerPhoto else { throw .tooShort(secondsPerPhoto: share) }
        let rate = Double(framesPerSecond)
        let totalFrames = Int((total * rate).rounded())
        let starts = (0..<count).map { index in
            (Double(index) * Double(totalFrames) / Double(count)).rounded() / rate
        }
        return SlideshowTiming(starts: starts, duration: Double(totalFrames) / rate, framesPerSecond: framesPerSecond)
    }

    public init(starts: [Double], duration: Double, framesPerSecond: Int) {
        self.starts = starts
        self.duration = duration
        self.framesPerSecond = framesPerSecond
    }

    /// The planned photo changes: every start but the first.
    public var cuts: [Double] { Array(starts.dropFirst()) }

    /// When photo `index` gives way to the next (or the slideshow ends).
    public func end(of index: Int) -> Double {
        index + 1 < starts.count ? starts[index + 1] : duration
    }

    public var totalFrames: Int { frame(at: duration) }

    /// The frame that starts at (or nearest to) `seconds`.
    public func frame(at seconds: Double) -> Int {
        Int((seconds * Double(framesPerSecond)).rounded())
    }

    /// Planned frames of each photo.
    public var plannedFrames: [Int] {
        starts.indices.map { frame(at: end(of: $0)) - frame(at: starts[$0]) }
    }

    /// Each photo's frames when the photos change at the times of `downbeats` nearest to the
    /// planned changes (the bar starts the composer wrote). A change is never moved past its
    /// neighbours, so every photo keeps at least one frame.
    public func frames(changingAtNearest downbeats: [Double]) -> [Int] {
        var changeFrames = [0]
        for (index, planned) in cuts.enumerated() {
            let nearest = downbeats.min { abs($0 - planned) < abs($1 - planned) } ?? planned
            let lowest = changeFrames[changeFrames.count - 1] + 1
            let highest = totalFrames - (cuts.count - index)
            changeFrames.append(min(highest, max(lowest, frame(at: nearest))))
        }
        changeFrames.append(totalFrames)
        return (0..<starts.count).map { changeFrames[$0 + 1] - changeFrames[$0] }
    }
}

extension Double {
    fileprivate var formatted2: String {
        let hundredths = (self * 100).rounded()
        return hundredths.truncatingRemainder(dividingBy: 100) == 0 ? "\(Int(hundredths / 100))" : "\(hundredths / 100)"
    }
}
