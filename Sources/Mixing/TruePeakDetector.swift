import Foundation

/// Streaming estimate of the inter-sample (true) peak, as ITU-R BS.1770-4 Annex 2 describes it.
///
/// Each input frame is upsampled 4x (2x at 96 kHz and above) with a 49-tap Hann-windowed sinc
/// (the filter libebur128 uses); `TruePeakMeter` and so `LoudnessMeter` measure with this
/// detector too, so the limiter watches the very peaks the meter reports.
/// The estimate for an input frame comes `delayFrames` frames after the frame itself.
struct TruePeakDetector {
    private static let taps = 49

    let channels: Int
    let factor: Int
    /// Frames between an input frame and the peak estimate that covers it.
    let delayFrames: Int
    /// Input frames the filter spans.
    private let span: Int
    /// One filter coefficient and how many frames back lies the sample it weighs.
    private struct Tap {
        var framesBack: Int
        var weight: Float
    }
    /// The non-zero taps of the phases after the first (which is the sample itself), phase
    /// by phase, `tapsPerPhase` each.
    private let phaseTaps: [Tap]
    private let tapsPerPhase: Int
    /// The most any phase can amplify: the largest sum of absolute tap weights (at least 1).
    private let largestGain: Float
    /// The last `span - 1` samples of each channel (gain applied), oldest first.
    private var tails: [[Float]]
    /// Scratch: one channel's tail followed by the chunk, and one phase's upsampled values.
    private var line: [Float] = []
    private var sums: [Float] = []

    init(channels: Int, sampleRate: Int) {
        self.channels = channels
        factor = sampleRate < 96000 ? 4 : (sampleRate < 192_000 ? 2 : 1)
        span = (Self.taps + factor - 1) / factor
        var coefficients = [[Float]](repeating: [Float](repeating: 0, count: span), count: factor)
        let centre = Double(Self.taps - 1) / 2
        for tap in 0..<Self.taps {
            let distance = Double(tap) - centre
            var value = 1.0
            if abs(distance) > 1e-6 {
                let x = distance * Double.pi / Double(factor)
                value = sin(x) / x
            }
            value *= 0.5 * (1 - cos(2 * Double.pi * Double(tap) / Double(Self.taps - 1)))
            // Tap `tap` belongs to phase `tap % factor` and weighs the frame `tap / factor` back.
            coefficients[tap % factor][tap / factor] = Float(value)
        }
        // Every tap of phase 0 but the centre falls on a zero of the sinc.
        let nonZero = coefficients.dropFirst().map { phase in
            phase.indices.filter { abs(phase[$0]) > 1e-6 }.map { Tap(framesBack: $0, weight: phase[$0]) }
        }
        let tapsPerPhase = nonZero.map(\.count).max() ?? 0
        let padding = Tap(framesBack: 0, weight: 0)
        phaseTaps = nonZero.flatMap { $0 + Array(repeating: padding, count: tapsPerPhase - $0.count) }
        self.tapsPerPhase = tapsPerPhase
        largestGain = nonZero.map { $0.reduce(0) { $0 + abs($1.weight) } }.reduce(1, max)
        tails = [[Float]](repeating: [Float](repeating: 0, count: span - 1), count: channels)
        // The filter's centre tap sits this many input frames back.
        delayFrames = (Self.taps - 1) / 2 / factor
    }

    /// For each interleaved frame `n` of `input` (times `gain`), writes to `peaks[n]` the
    /// largest magnitude over all channels of the upsampled signal from frame `n - delayFrames`
    /// up to, not including, the frame after it.
    ///
    /// Works a channel and a tap at a time over the chunk (loops the optimiser turns into vector
    /// code). Where no inter-sample value of a channel can reach `floor` (judged a stretch of
    /// frames at a time), its sample magnitudes stand in for the (then irrelevant) true peak.
    mutating func measure(
        _ input: UnsafeBufferPointer<Float>, gain: Float, floor: Float,
        into peaks: UnsafeMutableBufferPointer<Float>
    ) {
        let frames = input.count / channels
        precondition(peaks.count >= frames, "peak buffer too small")
        let history = span - 1
        if line.count < history + frames {
            line = [Float](repeating: 0, count: history + frames)
            sums = [Float](repeating: 0, count: frames)
        }
        for frame in 0..<frames { peaks[frame] = 0 }

        for channel in 0..<channels {
            line.withUnsafeMutableBufferPointer { line in
                for index in 0..<history { line[index] = tails[channel][index] }
                for frame in 0..<frames { line[history + frame] = input[frame * channels + channel] * gain }
                for index in 0..<history { tails[channel][index] = line[frames + index] }
            }
            // A copy to read the filter from while `sums` is borrowed for writing.
            let filter = self
            line.withUnsafeBufferPointer { line in
                sums.withUnsafeMutableBufferPointer { sums in
                    filter.measureChannel(line: line, frames: frames, sums: sums, floor: floor, peaks: peaks)
                }
            }
        }
    }

    /// Frames whose reach is judged together: short enough that one loud moment does not send
    /// a whole chunk through the filter, long enough for the filter's loops to stay vector code.
    private static let stretchFrames = 128

    /// One channel of `measure`: `line` holds the channel's history and then the chunk.
    private func measureChannel(
        line: UnsafeBufferPointer<Float>, frames: Int, sums: UnsafeMutableBufferPointer<Float>, floor: Float,
        peaks: UnsafeMutableBufferPointer<Float>
    ) {
        // Frame n of the chunk sits at line[history + n]; its filter reads line[n...n + history].
        let history = span - 1
        for frame in 0..<frames {
            peaks[frame] = max(peaks[frame], abs(line[history + frame - delayFrames]))
        }
        // Only stretches whose samples could make an inter-sample value reach `floor` are
        // filtered; consecutive ones are filtered together.
        var runStart: Int?
        var start = 0
        while start < frames {
            let end = min(start + Self.stretchFrames, frames)
            var loudest: Float = 0
            for index in start..<(end + history) { loudest = max(loudest, abs(line[index])) }
            if loudest * largestGain >= floor {
                if runStart == nil { runStart = start }
            } else if let first = runStart {
                filter(line: line, frames: first..<start, sums: sums, peaks: peaks)
                runStart = nil
            }
            start = end
        }
        if let first = runStart {
            filter(line: line, frames: first..<frames, sums: sums, peaks: peaks)
        }
    }

    /// The upsampled values of `frames` of one channel, folded into `peaks`.
    private func filter(
        line: UnsafeBufferPointer<Float>, frames: Range<Int>, sums: UnsafeMutableBufferPointer<Float>,
        peaks: UnsafeMutableBufferPointer<Float>
    ) {
        let history = span - 1
        for phaseStart in stride(from: 0, to: phaseTaps.count, by: tapsPerPhase) {
            for frame in frames { sums[frame] = 0 }
            for tapIndex in phaseStart..<(phaseStart + tapsPerPhase) {
                let weight = phaseTaps[tapIndex].weight
                let offset = history - phaseTaps[tapIndex].framesBack
                // Wrapping arithmetic: an overflow check in the loop would stop vectorisation.
                for frame in frames {
                    sums[frame] += weight * line[offset &+ frame]
                }
            }
            for frame in frames {
                peaks[frame] = max(peaks[frame], abs(sums[frame]))
            }
        }
    }
}
