import Composition

/// The delay that plays a score's echoes (`Echo`): the dry sound of the tracks that echo, and
/// the same sound `Echo.delayTicks` later (a dotted eighth) and again after that at each
/// repeat's gain, the first repeat a little to the left and the second a little to the right.
///
/// The delay follows the tempo map: from each tempo change on, the repeats keep that tempo's
/// dotted eighth, and the step from one delay to the next is a crossfade of `fadeFrames`, so
/// that a change of tempo does not click. Works on interleaved stereo at the synthesis rate, one
/// chunk after another; used by one thread.
final class EchoLine {
    /// Frames over which the repeats move from one tempo's delay to the next one's.
    static let fadeFrames = 256

    /// Each tempo change's first frame and the delay of each repeat there, in frames.
    private let steps: [(frame: Int, delays: [Int])]
    private var nextStep = 0
    /// (left, right) gain of each repeat.
    private let gains: [(left: Float, right: Float)]
    /// The dry sound of the last `mask + 1` frames, interleaved, indexed by frame & mask.
    private var history: [Float]
    private let mask: Int
    /// Frames taken so far.
    private var position = 0
    private var delays: [Int]
    private var fadingFrom: [Int]
    private var fadeLeft = 0

    init(echo: Echo, tempoMap: TempoMap, sampleRate: Int) {
        let quarters = Double(echo.delayTicks) / Double(tempoMap.ticksPerQuarter)
        steps = tempoMap.changes.map { change in
            let frame = Int((tempoMap.seconds(atTick: change.tick) * Double(sampleRate)).rounded())
            let delay = quarters * 60 / change.bpm * Double(sampleRate)
            return (frame, (1...echo.repeats).map { max(1, Int((Double($0) * delay).rounded())) })
        }
        gains = echo.gains.enumerated().map { index, gain in
            let side: Float = index % 2 == 0 ? 0.15 : -0.15
            return (Float(gain) * (1 + side), Float(gain) * (1 - side))
        }
        let longest = steps.flatMap(\.delays).max() ?? 1
        var capacity = 1
        while capacity <= longest { capacity *= 2 }
        mask = capacity - 1
        history = [Float](repeating: 0, count: 2 * capacity)
        delays = steps.first?.delays ?? []
        fadingFrom = delays
    }

    /// Adds `dry` (the next frames of the echoing tracks' dry sound) and the repeats of it and
    /// of the sound before it into `mix`, which holds the same frames of the rest.
    func add(_ dry: UnsafeBufferPointer<Float>, into mix: UnsafeMutableBufferPointer<Float>) {
        precondition(mix.count >= dry.count, "echo chunk larger than the mix")
        for frame in 0..<(dry.count / 2) {
            while nextStep < steps.count && steps[nextStep].frame <= position {
                if steps[nextStep].delays != delays {
                    fadingFrom = delays
                    delays = steps[nextStep].delays
                    fadeLeft = Self.fadeFrames
                }
                nextStep += 1
            }
            let slot = (position & mask) * 2
            history[slot] = dry[2 * frame]
            history[slot + 1] = dry[2 * frame + 1]
            let weight = Float(fadeLeft) / Float(Self.fadeFrames)
            var left = dry[2 * frame]
            var right = dry[2 * frame + 1]
            for (index, gain) in gains.enumerated() {
                var (heardLeft, heardRight) = read(delays[index])
                if fadeLeft > 0 {
                    let (oldLeft, oldRight) = read(fadingFrom[index])
                    heardLeft += (oldLeft - heardLeft) * weight
                    heardRight += (oldRight - heardRight) * weight
                }
                left += heardLeft * gain.left
                right += heardRight * gain.right
            }
            mix[2 * frame] += left
            mix[2 * frame + 1] += right
            if fadeLeft > 0 { fadeLeft -= 1 }
            position += 1
        }
    }

    /// The dry sound `delay` frames before the current one (silence before the start).
    private func read(_ delay: Int) -> (Float, Float) {
        guard position >= delay else { return (0, 0) }
        let slot = ((position - delay) & mask) * 2
        return (history[slot], history[slot + 1])
    }
}
