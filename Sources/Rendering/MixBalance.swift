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
    public static func plan(
        target: Double, originalBlocks: [Double], duckedMusicBlocks: [Double], originalLoudness: Double,
        musicLoudness: Double, musicRange: ClosedRange<Double> = -10...6
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
        // Loudness grows with the music's gain: bisect (40 halvings of 16 dB is far finer
        // than the meter).
        var low = lowest
        var high = highest
        if loudness(high) <= target {
            low = high
        } else if loudness(low) >= target {
            high = low
        } else {
            for _ in 0..<40 {
                let middle = (low + high) / 2
                if loudness(middle) < target { low = middle } else { high = middle }
            }
        }
        let gain = (low + high) / 2
        let reached = loudness(gain)
        return MixBalance(musicGain: gain, loudness: reached, residual: target - reached)
    }
}
