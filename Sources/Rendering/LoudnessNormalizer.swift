/// Finds the gain that brings a programme to a loudness target when a true-peak limiter
/// follows the gain.
///
/// A limiter that has to catch peaks also lowers the loudness a little; for quiet targets
/// (-23 LUFS) it usually does nothing, for loud ones (-14 LUFS) it can cost a dB or more on
/// dynamic music. The planner replays the programme through gain, limiter and meter, and adds
/// back what the limiter took, until the result is on target.
public enum LoudnessNormalizer {
    /// The input gain in dB for a `TruePeakLimiter` at `ceiling` so that its output measures
    /// `target` LUFS (within about 0.05 LU).
    ///
    /// - Parameters:
    ///   - measuredLoudness: integrated loudness of the programme as it is, in LUFS.
    ///   - measuredTruePeak: its true peak in dBTP; when gain alone keeps it under the ceiling
    ///     the limiter will not act and no replay is needed.
    ///   - replay: feeds the whole programme, interleaved, to the sink it is given; called up to
    ///     `maxPasses` times (each pass costs a read of the programme and little else).
    /// - Returns: the gain in dB; 0 for a silent programme.
    public static func gain(
        target: Double, measuredLoudness: Double, measuredTruePeak: Double, ceiling: Double, channels: Int,
        sampleRate: Int, maxPasses: Int = 4,
        replay: ((UnsafeBufferPointer<Float>) throws -> Void) throws -> Void
    ) throws -> Double {
        guard measuredLoudness.isFinite, target.isFinite else { return 0 }
        let plain = target - measuredLoudness
        // The limiter keeps a small margin under its ceiling; stay clear of it.
        if measuredTruePeak + plain < ceiling - 0.1 {
            return plain
        }
        // Beyond this the music would be squashed rather than normalised.
        let mostExtra = 9.0
        var gain = plain
        for _ in 0..<maxPasses {
            let reached = try limitedLoudness(
                gain: gain, ceiling: ceiling, channels: channels, sampleRate: sampleRate, replay: replay)
            guard reached.isFinite else { return gain }
            let shortfall = target - reached
            if abs(shortfall) <= 0.05 { break }
            gain = min(gain + shortfall, plain + mostExtra)
        }
        return gain
    }

    /// Loudness in LUFS of the programme after `gain` and the limiter.
    static func limitedLoudness(
        gain: Double, ceiling: Double, channels: Int, sampleRate: Int,
        replay: ((UnsafeBufferPointer<Float>) throws -> Void) throws -> Void
    ) throws -> Double {
        var limiter = try TruePeakLimiter(ceiling: ceiling, channels: channels, sampleRate: sampleRate, inputGain: gain)
        var meter = try LoudnessMeter(channels: channels, sampleRate: sampleRate, truePeak: false)
        try replay { chunk in
            try limiter.process(chunk) { try meter.add($0) }
        }
        try limiter.flush { try meter.add($0) }
        return meter.integratedLoudness
    }
}
