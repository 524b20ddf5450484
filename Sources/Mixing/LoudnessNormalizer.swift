import Threads

/// Finds the gain that brings a programme to a loudness target when a true-peak limiter
/// follows the gain.
///
/// A limiter that has to catch peaks also lowers the loudness a little; for quiet targets
/// (-23 LUFS) it usually does nothing, for loud ones (-14 LUFS) it can cost a dB or more on
/// dynamic music. The planner replays the programme through gain, limiter and meter, and adds
/// back what the limiter took, until the result is on target.
public enum LoudnessNormalizer {
    /// Replays the frames `frames` of the programme into a sink. Called for several stretches
    /// at once, from several threads.
    public typealias StretchReplay = @Sendable (
        _ frames: Range<Int>, _ sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws -> Void

    /// Like `gain(target:...replay:)`, but replays stretches of the programme side by side,
    /// each through its own limiter, and joins their loudness as one programme: the limiter's
    /// memory is a few milliseconds, so splitting changes the result by far less than the
    /// tolerance, and the planning takes half the time on two cores. A long programme is
    /// searched on excerpts first (`sampledPlan`). `expectedToll` is what the limiter is
    /// expected to take, in dB (what it took from a close relative of the programme): the
    /// search starts that much above the plain gain. `mostGain` is the most gain the caller
    /// will use (see `plan`).
    public static func gain(
        target: Double, measuredLoudness: Double, measuredTruePeak: Double, ceiling: Double, channels: Int,
        sampleRate: Int, frameCount: Int, maxPasses: Int = 4, expectedToll: Double = 0,
        mostGain: Double = .infinity, replay: @escaping StretchReplay
    ) throws -> Double {
        try sampledPlan(
            target: target, measuredLoudness: measuredLoudness, measuredTruePeak: measuredTruePeak, ceiling: ceiling,
            maxPasses: maxPasses, frameCount: frameCount, sampleRate: sampleRate, expectedToll: expectedToll,
            mostGain: mostGain
        ) { gain, stretches in
            try stretchedLoudness(
                gain: gain, ceiling: ceiling, channels: channels, sampleRate: sampleRate, stretches: stretches,
                replay: replay)
        }
    }

    /// Replays the frames `frames` of a programme made for a trial gain (see `trialGain`).
    public typealias TrialReplay = @Sendable (
        _ trial: Double, _ frames: Range<Int>, _ sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws -> Void

    /// Like `gain(target:...frameCount:...)`, but the gain searched for is applied by the
    /// replay, to part of the programme, while the limiter's input gain stays `inputGain`: for
    /// a mix whose whole gain is capped, the gain of the music in it. `predictedLoudness` is
    /// the loudness of the programme at trial gain 0 after `inputGain`, before the limiter. An
    /// estimate does: it places the first trial and, like a measured loudness for `gain`, the
    /// most the search will go past the plain gain (`plan`). Returns the trial gain in dB.
    public static func trialGain(
        target: Double, predictedLoudness: Double, inputGain: Double, ceiling: Double, channels: Int,
        sampleRate: Int, frameCount: Int, maxPasses: Int = 4, replay: @escaping TrialReplay
    ) throws -> Double {
        try sampledPlan(
            target: target, measuredLoudness: predictedLoudness, measuredTruePeak: .infinity, ceiling: ceiling,
            maxPasses: maxPasses, frameCount: frameCount, sampleRate: sampleRate
        ) { trial, stretches in
            try stretchedLoudness(
                gain: inputGain, ceiling: ceiling, channels: channels, sampleRate: sampleRate, stretches: stretches
            ) { frames, sink in try replay(trial, frames, sink) }
        }
    }

    /// The stretches a programme is measured in side by side: its two halves, or the whole when
    /// it is shorter than `halvedFromSeconds`. Each stretch loses the gating blocks that straddle
    /// its end, which minutes of audio do not notice and a short clip does (halves of a clip under
    /// 0.8 s hold no block at all, and it would measure silent).
    public static func measuredSideBySide(frameCount: Int, sampleRate: Int) -> [Range<Int>] {
        guard Double(frameCount) >= halvedFromSeconds * Double(sampleRate) else { return [0..<frameCount] }
        let middle = (frameCount + 1) / 2
        return [0..<middle, middle..<frameCount]
    }

    static let halvedFromSeconds = 10.0

    /// Programmes this long or longer are searched on excerpts first.
    static let sampledFromSeconds = 180.0
    /// How many excerpts, and what share of the programme they hold together.
    static let excerptCount = 24
    static let excerptShare = 0.125

    /// `plan`, on the whole programme (its two halves side by side) or, for a long one, on
    /// `excerptCount` excerpts spread over it that hold an eighth of it: an eighth of the work
    /// for each pass of the search. One pass on the whole at the gain the excerpts found tells
    /// how far the excerpts' loudness sits from the whole's (limiting included, an offset that
    /// hardly moves with a decibel or two of gain). When the whole misses the target by more
    /// than the tolerance, the gain makes up the miss: along the slope of the search's last step
    /// when the miss is at most `smallOffset`, else by a second search of the excerpts for the
    /// target moved by the offset. `loudness(gain, stretches)` measures the limited programme
    /// at a gain on those stretches.
    static func sampledPlan(
        target: Double, measuredLoudness: Double, measuredTruePeak: Double, ceiling: Double, maxPasses: Int,
        frameCount: Int, sampleRate: Int, expectedToll: Double = 0, mostGain: Double = .infinity,
        loudness: (Double, [Range<Int>]) throws -> Double
    ) throws -> Double {
        let halves = measuredSideBySide(frameCount: frameCount, sampleRate: sampleRate)
        func onWhole(from measuredLoudness: Double, truePeak: Double, toll: Double) throws -> Double {
            try plan(
                target: target, measuredLoudness: measuredLoudness, measuredTruePeak: truePeak, ceiling: ceiling,
                maxPasses: maxPasses, expectedToll: toll, mostGain: mostGain
            ) { try loudness($0, halves) }
        }
        guard Double(frameCount) >= sampledFromSeconds * Double(sampleRate) else {
            return try onWhole(from: measuredLoudness, truePeak: measuredTruePeak, toll: expectedToll)
        }
        let spacing = frameCount / excerptCount
        let length = Int(Double(spacing) * excerptShare)
        let excerpts = (0..<excerptCount).map { index in
            (index * spacing + (spacing - length) / 2)..<(index * spacing + (spacing + length) / 2)
        }
        var last: (gain: Double, reached: Double)?
        func sampled(_ gain: Double) throws -> Double {
            if let last, last.gain == gain { return last.reached }
            let reached = try loudness(gain, excerpts)
            last = (gain, reached)
            return reached
        }
        let (found, slope) = try search(
            target: target, measuredLoudness: measuredLoudness, measuredTruePeak: measuredTruePeak,
            ceiling: ceiling, maxPasses: maxPasses, expectedToll: expectedToll, mostGain: mostGain, loudness: sampled)
        // No pass: the limiter will not act, and the plain gain is exact.
        guard last != nil else { return found }
        let whole = try loudness(found, halves)
        guard whole.isFinite, abs(target - whole) > 0.05, !(whole < target && found >= mostGain) else { return found }
        let excerptsAtFound = try sampled(found)
        let offset = whole - excerptsAtFound
        // Excerpts that hold nothing measurable say nothing: search the whole from what it measured.
        guard offset.isFinite else {
            return try onWhole(from: whole - found, truePeak: .infinity, toll: 0)
        }
        // A small offset is made up along the slope the search's last step measured: the
        // loudness bends slowly with the gain, so that step lands within a hundredth of a LU.
        if abs(target - whole) <= smallOffset {
            return min(found + (target - whole) / slope, mostGain)
        }
        return try plan(
            target: target - offset, measuredLoudness: excerptsAtFound - found, measuredTruePeak: .infinity,
            ceiling: ceiling, maxPasses: maxPasses, mostGain: mostGain, loudness: sampled)
    }

    /// The most the whole may miss the target at the excerpts' gain and still be corrected
    /// without another search, in LU.
    static let smallOffset = 0.5

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
        try search(
            target: target, measuredLoudness: measuredLoudness, measuredTruePeak: measuredTruePeak, ceiling: ceiling,
            maxPasses: maxPasses, expectedToll: expectedToll, mostGain: mostGain, loudness: loudness
        ).gain
    }

    /// `plan`'s gain, and the slope (LU of loudness per dB of gain, 0.2 to 1) of its last step:
    /// what a little more gain would give there (1 when the search took no step).
    static func search(
        target: Double, measuredLoudness: Double, measuredTruePeak: Double, ceiling: Double, maxPasses: Int,
        expectedToll: Double = 0, mostGain: Double = .infinity, loudness: (Double) throws -> Double
    ) throws -> (gain: Double, slope: Double) {
        guard measuredLoudness.isFinite, target.isFinite else { return (0, 1) }
        let plain = target - measuredLoudness
        // The limiter keeps a small margin under its ceiling; stay clear of it.
        if measuredTruePeak + min(plain, mostGain) < ceiling - 0.1 {
            return (min(plain, mostGain), 1)
        }
        // Beyond this the music would be squashed rather than normalised.
        let mostExtra = 9.0
        var gain = min(plain + min(max(expectedToll, 0), mostExtra), mostGain)
        var previous: (gain: Double, reached: Double)?
        var slope = 1.0
        for _ in 0..<maxPasses {
            let reached = try loudness(gain)
            guard reached.isFinite else { return (gain, slope) }
            if let previous, abs(gain - previous.gain) > 0.01 {
                slope = min(max((reached - previous.reached) / (gain - previous.gain), 0.2), 1)
            }
            let shortfall = target - reached
            if abs(shortfall) <= 0.05 { break }
            if shortfall > 0 && gain >= mostGain { return (mostGain, slope) }
            previous = (gain, reached)
            let next = min(gain + shortfall / slope, plain + mostExtra, mostGain)
            // Held at the most extra gain: another pass would measure the same gain again.
            if next == gain { return (gain, slope) }
            gain = next
        }
        return (gain, slope)
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

    /// Loudness in LUFS of the programme after `gain` and a limiter per stretch, the stretches
    /// replayed in parallel and measured as one programme.
    static func stretchedLoudness(
        gain: Double, ceiling: Double, channels: Int, sampleRate: Int, stretches: [Range<Int>],
        replay: StretchReplay
    ) throws -> Double {
        // Each stretch fills only its own limiter, meter and slot.
        var blocks = [[Double]](repeating: [], count: stretches.count)
        try blocks.withUnsafeMutableBufferPointer { slots in
            try Background<Void>.forEach(count: stretches.count) { index in
                var limiter = try TruePeakLimiter(
                    ceiling: ceiling, channels: channels, sampleRate: sampleRate, inputGain: gain)
                var meter = try LoudnessMeter(channels: channels, sampleRate: sampleRate, peaks: .none)
                try replay(stretches[index]) { chunk in try limiter.process(chunk) { try meter.add($0) } }
                try limiter.flush { try meter.add($0) }
                slots[index] = meter.blockPowers
            }
        }
        return GatingBlocks.integratedLoudness(blocks.flatMap { $0 })
    }
}

