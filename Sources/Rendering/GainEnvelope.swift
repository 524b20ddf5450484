/// The gain curve of the look-ahead limiter, one frame at a time.
///
/// For each frame it takes the gain that frame requires (1 when it is under the ceiling) and
/// returns the gain to apply to the frame `lookahead - 1` frames earlier. The required gain is
/// held (sliding minimum) over the look-ahead window, recovers with an exponential release, and
/// is averaged over the window: every frame in the average's window was held at most at the
/// delayed frame's requirement, so the result never exceeds it, and the average turns the hold's
/// steps into ramps as long as the look-ahead.
struct GainEnvelope {
    let lookahead: Int
    private let releaseCoefficient: Double
    /// Candidates for the sliding minimum: frame numbers and gains, increasing in both, circular.
    private var minimumFrames: [Int]
    private var minimumGains: [Double]
    private var minimumHead = 0
    private var minimumCount = 0
    /// The last `lookahead` released gains, circular, and their sum.
    private var recent: [Double]
    private var recentIndex = 0
    private var recentSum: Double
    private var released = 1.0
    private var frame = 0

    init(lookahead: Int, releaseCoefficient: Double) {
        self.lookahead = lookahead
        self.releaseCoefficient = releaseCoefficient
        minimumFrames = [Int](repeating: 0, count: lookahead + 1)
        minimumGains = [Double](repeating: 1, count: lookahead + 1)
        recent = [Double](repeating: 1, count: lookahead)
        recentSum = Double(lookahead)
    }

    /// Back to no gain reduction, as if no frame had been seen.
    mutating func reset() {
        self = GainEnvelope(lookahead: lookahead, releaseCoefficient: releaseCoefficient)
    }

    mutating func next(required: Double) -> Double {
        let held = holdMinimum(required)
        released = held < released ? held : released + (held - released) * releaseCoefficient
        recentSum += released - recent[recentIndex]
        recent[recentIndex] = released
        recentIndex = recentIndex + 1 == lookahead ? 0 : recentIndex + 1
        frame += 1
        // Snap the sum's rounding noise so that unlimited audio passes bit for bit.
        let average = recentSum / Double(lookahead)
        return average > 1 - 1e-12 ? 1 : min(average, 1)
    }

    /// The smallest required gain among the last `lookahead` frames, this one included.
    private mutating func holdMinimum(_ gain: Double) -> Double {
        let capacity = minimumFrames.count
        // Drop candidates that can no longer be the minimum: newer and smaller wins.
        while minimumCount > 0 {
            let last = (minimumHead + minimumCount - 1) % capacity
            guard minimumGains[last] >= gain else { break }
            minimumCount -= 1
        }
        let slot = (minimumHead + minimumCount) % capacity
        minimumFrames[slot] = frame
        minimumGains[slot] = gain
        minimumCount += 1
        // Drop the oldest once it has left the window.
        if minimumFrames[minimumHead] <= frame - lookahead {
            minimumHead = (minimumHead + 1) % capacity
            minimumCount -= 1
        }
        return minimumGains[minimumHead]
    }
}
