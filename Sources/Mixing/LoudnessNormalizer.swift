import Threads

/// Finds the gain that brings a programme to a loudness target when a true-peak limiter
/// follows the gain.
///
/// A limiter that has to catch peaks also lowers the loudness a little; for quiet targets
/// (-23 LUFS) it usually does nothing, for loud ones (-14 LUFS) it can cost a dB or more on
/// dynamic music. The planner replays the programme through gain, limiter and meter, and adds
/// back what the limiter took, until the result is on target.
public enum LoudnessNormalizer {
    /// Replays one part of the programme (parts are consecutive stretches, in order) into a sink.
    public typealias PartReplay = @Sendable (_ part: Int, _ sink: (UnsafeBufferPointer<Float>) throws -> Void) throws -> Void

    /// Like `gain(target:...replay:)`, but replays `parts` stretches of the programme side by
    /// side, each through its own limiter, and joins their loudness as one programme. The
    /// limiter's memory is a few milliseconds, so splitting changes the result by far less than
    /// the tolerance, and the planning takes half the time on two cores. `expectedToll` is what
    /// the limiter is expected to take, in dB (what it took from a close relative of the
    /// programme): the search starts that much above the plain gain. `mostGain` is the most
    /// gain the caller will use (see `plan`).
    public static func gain(
        target: Double, measuredLoudness: Double, measuredTruePeak: Double, ceiling: Double, channels: Int,
        sampleRate: Int, parts: Int, maxPasses: Int = 4, expectedToll: Double = 0, mostGain: Double = .infinity,
        replayPart: @escaping PartReplay
    ) throws -> Double {
        try plan(target: target, measuredLoudness: measuredLoudness, measuredTruePeak: measuredTruePeak,
                 ceiling: ceiling, maxPasses: maxPasses, expectedToll: expectedToll, mostGain: mostGain) { gain in
            try partitionedLoudness(
                gain: gain, ceiling: ceiling, channels: channels, sampleRate: sampleRate, parts: parts,
                replayPart: replayPart)
        }
    }

    /// Replays one part of a programme made for a trial gain (see `trialGain`) into a sink.
    public typealias TrialReplay = @Sendable (
        _ trial: Double, _ part: Int, _ sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws -> Void

    /// Like `gain(target:...parts:...)`, but the gain searched for is applied by the replay, to
    /// part of the programme, while the limiter's input gain stays `inputGain`: for a mix whose
    /// whole gain is capped, the gain of the music in it. `predictedLoudness` is the loudness
    /// of the programme at trial gain 0 after `inputGain`, before the limiter (an estimate does:
    /// it only places the first trial). Returns the trial gain in dB.
    public static func trialGain(
        target: Double, predictedLoudness: Double, inputGain: Double, ceiling: Double, channels: Int,
        sampleRate: Int, parts: Int, maxPasses: Int = 4, replayPart: @escaping TrialReplay
    ) throws -> Double {
        try plan(target: target, measuredLoudness: predictedLoudness, measuredTruePeak: .infinity,
                 ceiling: ceiling, maxPasses: maxPasses) { trial in
            try partitionedLoudness(
                gain: inputGain, ceiling: ceiling, channels: channels, sampleRate: sampleRate, parts: parts
            ) { part, sink in try replayPart(trial, part, sink) }
        }
    }

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
        try plan(target: target, measuredLoudness: measuredLoudness, measuredTruePeak: measuredTruePeak,
                 ceiling: ceiling, maxPasses: maxPasses) { gain in
            try limitedLoudness(gain: gain, ceiling: ceiling, channels: channels, sampleRate: sampleRate, replay: replay)
        }
    }

    /// Searches for the gain; `loudness(gain)` measures the limited programme at a gain.
    ///
    /// A limiter that is working hard gives back only part of each decibel of gain (often half),
    /// so stepping by the shortfall alone creeps up on the target and stops short of it after
    /// `maxPasses`. After the first step the search follows the secant through its last two
    /// measurements: the slope the limiter actually shows, bounded to a sane range.
    ///
    /// The gain never exceeds `mostGain` (the most the caller may use: a mix may raise the
    /// original sound only so far). Loudness grows with the gain, so once `mostGain` itself falls
    /// short of the target, no gain the caller can use does better: the search stops there, one
    /// pass instead of the several that would find a gain the caller cannot use.
    static func plan(
        target: Double, measuredLoudness: Double, measuredTruePeak: Double, ceiling: Double, maxPasses: Int,
        expectedToll: Double = 0, mostGain: Double = .infinity, loudness: (Double) throws -> Double
    ) throws -> Double {
        guard measuredLoudness.isFinite, target.isFinite else { return 0 }
        let plain = target - measuredLoudness
        // The limiter keeps a small margin under its ceiling; stay clear of it.
        if measuredTruePeak + min(plain, mostGain) < ceiling - 0.1 {
            return min(plain, mostGain)
        }
        // Beyond this the music would be squashed rather than normalised.
        let mostExtra = 9.0
        var gain = min(plain + min(max(expectedToll, 0), mostExtra), mostGain)
        var previous: (gain: Double, reached: Double)?
        for _ in 0..<maxPasses {
            let reached = try loudness(gain)
            guard reached.isFinite else { return gain }
            let shortfall = target - reached
            if abs(shortfall) <= 0.05 { break }
            if shortfall > 0 && gain >= mostGain { return mostGain }
            var slope = 1.0
            if let previous, abs(gain - previous.gain) > 0.01 {
                slope = min(max((reached - previous.reached) / (gain - previous.gain), 0.2), 1)
            }
            previous = (gain, reached)
            let next = min(gain + shortfall / slope, plain + mostExtra, mostGain)
            // Held at the most extra gain: another pass would measure the same gain again.
            if next == gain { return gain }
            gain = next
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

    /// Loudness in LUFS of the programme after `gain` and a limiter per part, the parts
    /// replayed in parallel and measured as one programme.
    static func partitionedLoudness(
        gain: Double, ceiling: Double, channels: Int, sampleRate: Int, parts: Int, replayPart: PartReplay
    ) throws -> Double {
        // Each part fills only its own limiter, meter and slot.
        var blocks = [[Double]](repeating: [], count: parts)
        try blocks.withUnsafeMutableBufferPointer { slots in
            try Background<Void>.forEach(count: parts) { part in
                var limiter = try TruePeakLimiter(
                    ceiling: ceiling, channels: channels, sampleRate: sampleRate, inputGain: gain)
                var meter = try LoudnessMeter(channels: channels, sampleRate: sampleRate, peaks: .none)
                try replayPart(part) { chunk in try limiter.process(chunk) { try meter.add($0) } }
                try limiter.flush { try meter.add($0) }
                slots[part] = meter.blockPowers
            }
        }
        return GatingBlocks.integratedLoudness(blocks.flatMap { $0 })
    }
}

