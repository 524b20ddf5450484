import Foundation

/// Chooses the music's level under the original sound so that the mix meets a loudness
/// target while the original stays at unity gain.
///
/// The original (speech, say) is never scaled here: only the music moves, and only within a
/// range relative to the original's own loudness, so that the music neither drowns the
/// original nor vanishes. When the target cannot be met inside that range (the original alone
/// is already louder than the target, or so quiet that the music would have to bury it), the
/// music stays at the nearest edge of the range and `residual` says how far the mix is from
/// the target: the caller then moves the whole mix, original included, by that much.
///
/// That move may turn the original down as far as needed, but never up by more than
/// `largestOriginalBoost` (6 dB): raising a quiet original further lifts its hiss and hum to
/// the level of the music. Past that point the music leaves its range and carries the loudness.
public struct MixBalance: Sendable, Equatable {
    /// Gain for the music, dB.
    public var musicGain: Double
    /// Predicted loudness of the mix at that gain, LUFS.
    public var loudness: Double
    /// Target minus predicted loudness: 0 when the target is met with the original untouched.
    public var residual: Double

    /// - Parameters:
    ///   - originalBlocks, duckedMusicBlocks: gating-block powers (`GatingBlocks`) of the
    ///     original and of the ducked music at unity gain, on the same timeline.
    ///   - originalLoudness, musicLoudness: integrated loudness of the original and of the music
    ///     before ducking, LUFS.
    ///   - musicRange: how loud the un-ducked music may be relative to the original, in LU.
    ///   - largestOriginalBoost: the most, in dB, that `residual` may ask to raise the original.
    public static func plan(
        target: Double, originalBlocks: [Double], duckedMusicBlocks: [Double], originalLoudness: Double,
        musicLoudness: Double, musicRange: ClosedRange<Double> = -10...6,
        largestOriginalBoost: Double = Self.largestOriginalBoost
    ) -> MixBalance {
        let lowest = originalLoudness + musicRange.lowerBound - musicLoudness
        let highest = originalLoudness + musicRange.upperBound - musicLoudness
        let count = max(originalBlocks.count, duckedMusicBlocks.count)
        func loudness(_ gain: Double) -> Double {
            let factor = pow(10, gain / 10)
            let blocks = (0..<count).map { index in
                (index < originalBlocks.count ? originalBlocks[index] : 0)
                    + factor * (index < duckedMusicBlocks.count ? duckedMusicBlocks[index] : 0)
            }
            return GatingBlocks.integratedLoudness(blocks)
        }
        var gain = solve(for: target, in: lowest...highest, loudness: loudness)
        if target - loudness(gain) > largestOriginalBoost {
            // The original is too quiet: the music rises past its range until the mix is only
            // `largestOriginalBoost` short of the target (at most as far as the music alone,
            // ducked, would need to reach the target by itself).
            let ceiling = max(highest, target - musicLoudness + 30)
            gain = solve(for: target - largestOriginalBoost, in: highest...ceiling, loudness: loudness)
        }
        let reached = loudness(gain)
        return MixBalance(musicGain: gain, loudness: reached, residual: target - reached)
    }

    /// The most a mix may raise the original sound, dB.
    public static let largestOriginalBoost = 6.0

    /// Whether the balance already asks for the whole mix to go up by the most the original
    /// may be raised (the original is quiet and the music carries the loudness): once a
    /// limiter takes its toll, the music has to make up the rest.
    public var raisesOriginalToCap: Bool {
        loudness.isFinite && residual >= Self.largestOriginalBoost - 0.01
    }

    /// The gain in `range` where `loudness` (which grows with the gain) meets `target`, or the
    /// nearer end of the range. Bisects: 40 halvings are far finer than the meter.
    private static func solve(
        for target: Double, in range: ClosedRange<Double>, loudness: (Double) -> Double
    ) -> Double {
        var low = range.lowerBound
        var high = range.upperBound
        if loudness(high) <= target { return high }
        if loudness(low) >= target { return low }
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if loudness(middle) < target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
