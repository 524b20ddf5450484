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
    /// Frames in a row that required no reduction and found the envelope fully recovered; from
    /// `lookahead` on the envelope is idle and returns 1 without touching its buffers.
    private var restingFrames = 0

    init(lookahead: Int, releaseCoefficient: Double) {
        self.lookahead = lookahead
        self.releaseCoefficient = releaseCoefficient
        minimumFrames = [Int](repeating: 0, count: lookahead + 1)
        minimumGains = [Double](repeating: 1, count: lookahead + 1)
        recent = [Double](repeating: 1, count: lookahead)
        recentSum = Double(lookahead)
    }

    /// Whether the envelope is idle: a frame that requires no reduction gets 1 and changes
    /// nothing but the frame count (`skip`).
    var isResting: Bool { restingFrames >= lookahead }

    /// `next(required: 1)` for `count` frames while resting, without the calls.
    mutating func skip(_ count: Int) {
        precondition(isResting, "only an idle envelope skips")
        frame += count
    }

    /// Back to no gain reduction, as if no frame had been seen.
    mutating func reset() {
        self = GainEnvelope(lookahead: lookahead, releaseCoefficient: releaseCoefficient)
    }

    @inline(__always)
    mutating func next(required: Double) -> Double {
        if required >= 1 && restingFrames >= lookahead {
            frame += 1
            return 1
        }
        let held = holdMinimum(required)
        released = held < released ? held : released + (held - released) * releaseCoefficient
        // The exponential never quite reaches 1; call it recovered within a millionth (-0.00001 dB).
        if held == 1 && released > 1 - 1e-6 { released = 1 }
        restingFrames = required >= 1 && released == 1 ? restingFrames + 1 : 0
        if restingFrames == lookahead {
            rest()
            frame += 1
            return 1
        }
        recentSum += released - recent[recentIndex]
        recent[recentIndex] = released
        recentIndex = recentIndex + 1 == lookahead ? 0 : recentIndex + 1
        frame += 1
        // Snap the sum's rounding noise so that unlimited audio passes bit for bit.
        let average = recentSum / Double(lookahead)
        return average > 1 - 1e-12 ? 1 : min(average, 1)
    }

    /// Clears the buffers to the idle state, in which the last `lookahead` frames all needed
    /// and got no reduction (which is true when this is called), so that leaving it is seamless.
    private mutating func rest() {
        for index in recent.indices { recent[index] = 1 }
        recentSum = Double(lookahead)
        minimumHead = 0
        minimumCount = 1
        minimumFrames[0] = frame
        minimumGains[0] = 1
    }

    /// The smallest required gain among the last `lookahead` frames, this one included.
    private mutating func holdMinimum(_ gain: Double) -> Double {
        let capacity = minimumFrames.count
        let wrap = { (slot: Int) in slot >= capacity ? slot - capacity : slot }
        // Drop candidates that can no longer be the minimum: newer and smaller wins.
        while minimumCount > 0 && minimumGains[wrap(minimumHead + minimumCount - 1)] >= gain {
            minimumCount -= 1
        }
        let slot = wrap(minimumHead + minimumCount)
        minimumFrames[slot] = frame
        minimumGains[slot] = gain
        minimumCount += 1
        // Drop the oldest once it has left the window.
        if minimumFrames[minimumHead] <= frame - lookahead {
            minimumHead = wrap(minimumHead + 1)
            minimumCount -= 1
        }
        return minimumGains[minimumHead]
    }
}
