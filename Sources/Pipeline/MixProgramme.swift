import Audio
import Mixing
import Threads

#if canImport(Glibc)
    import Glibc
#endif

/// Puts the music under the original sound.
///
/// The original keeps unity gain, so speech sounds exactly as it was recorded; the music is
/// ducked wherever the original holds speech or loud sound (`SpeechActivity`,
/// `DuckingEnvelope`), and its level is chosen so that the mix meets the loudness target
/// (`MixBalance`). The mix is never stored: every pass that needs it (loudness planning, the
/// delivery) mixes the two spools again as it reads them, which costs less than a spool of its own.
enum MixProgramme {
    /// Frames in one ducking block (50 ms at 48 kHz).
    static let blockFrames = 2_400

    /// What the original sound holds: where speech or loud sound is, and its gating blocks.
    struct OriginalAnalysis {
        var active: [Bool]
        var blocks: [Double]
    }

    /// One pass over the original for speech activity per 50 ms block; its loudness blocks are
    /// those the analysis stage measured on the same samples as it spooled them (`blocks`).
    static func analyse(original: PCMSpool, blocks: [Double]) throws -> OriginalAnalysis {
        var activity = SpeechActivity()
        try original.replay(frames: 0..<original.frameCount) { chunk in
            activity.add(chunk)
        }
        return OriginalAnalysis(active: activity.activeBlocks(), blocks: blocks)
    }

    /// Gating blocks of the music with the ducking applied, at unity music gain. The two halves
    /// are measured side by side; only the few blocks that straddle the middle are lost, far
    /// below what the loudness of minutes of music can notice.
    static func duckedBlocks(music: PCMSpool, duck: [Float]) throws -> [Double] {
        let middle = music.frameCount / 2
        let halves = [0..<middle, middle..<music.frameCount].map { frames in
            Background { () throws -> [Double] in
                var blocks = try GatingBlocks()
                var position = frames.lowerBound
                var scratch = [Float]()
                var gains = [Float]()
                try music.replay(frames: frames) { chunk in
                    let count = chunk.count / 2
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: chunk)
                    if gains.count < count { gains = [Float](repeating: 1, count: count) }
                    gains.withUnsafeMutableBufferPointer { gains in
                        DuckingEnvelope.fill(
                            UnsafeMutableBufferPointer(rebasing: gains[0..<count]), gains: duck, fromFrame: position,
                            blockFrames: blockFrames)
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            for frame in 0..<count {
                                scratch[2 * frame] *= gains[frame]
                                scratch[2 * frame + 1] *= gains[frame]
                            }
                        }
                    }
                    position += count
                    try scratch.withUnsafeBufferPointer { try blocks.add($0) }
                }
                return blocks.powers
            }
        }
        return try halves.flatMap { try $0.wait() }
    }

    /// Replays `frames` of the mix `plan` describes: the music, scaled by the plan's gain and
    /// the ducking gains, under the original at unity gain; either input may be shorter than
    /// the mix (silence follows). Keeps no state, so several threads may replay different
    /// stretches at once.
    static func replay(
        _ plan: MixPlan, frames: Range<Int>, _ sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let gain = Float(Decibels.linear(plan.musicGain))
        let chunkFrames = blockFrames * 8
        var musicBuffer = [Float](repeating: 0, count: chunkFrames * 2)
        var originalBuffer = [Float](repeating: 0, count: chunkFrames * 2)
        var duckGains = [Float](repeating: 1, count: chunkFrames)
        var position = frames.lowerBound
        while position < frames.upperBound {
            let count = min(chunkFrames, frames.upperBound - position)
            try musicBuffer.withUnsafeMutableBufferPointer { mixed in
                try originalBuffer.withUnsafeMutableBufferPointer { dry in
                    try duckGains.withUnsafeMutableBufferPointer { ducks in
                        let wanted = UnsafeMutableBufferPointer(rebasing: mixed[0..<(count * 2)])
                        let musicFrames = try plan.music.read(into: wanted, atFrame: position)
                        let dryFrames = try plan.original.read(
                            into: UnsafeMutableBufferPointer(rebasing: dry[0..<(count * 2)]), atFrame: position)
                        for index in (musicFrames * 2)..<(count * 2) { mixed[index] = 0 }
                        for index in (dryFrames * 2)..<(count * 2) { dry[index] = 0 }
                        DuckingEnvelope.fill(
                            UnsafeMutableBufferPointer(rebasing: ducks[0..<count]), gains: plan.duck,
                            fromFrame: position, blockFrames: blockFrames)
                        for frame in 0..<count {
                            let frameGain = gain * ducks[frame]
                            mixed[2 * frame] = mixed[2 * frame] * frameGain + dry[2 * frame]
                            mixed[2 * frame + 1] = mixed[2 * frame + 1] * frameGain + dry[2 * frame + 1]
                        }
                        try sink(UnsafeBufferPointer(wanted))
                    }
                }
            }
            position += count
        }
    }

    /// Integrated loudness and sample peak of the mix `plan` describes, its two halves measured
    /// side by side (like `duckedBlocks`, losing only the blocks that straddle the middle).
    static func measure(_ plan: MixPlan) throws -> (loudness: Double, samplePeak: Double) {
        let middle = plan.frameCount / 2
        let halves = [0..<middle, middle..<plan.frameCount].map { frames in
            Background { () throws -> (blocks: [Double], peak: Double) in
                var meter = try LoudnessMeter(peaks: .sample)
                try replay(plan, frames: frames) { try meter.add($0) }
                return (meter.blockPowers, meter.samplePeak)
            }
        }
        let measured = try halves.map { try $0.wait() }
        return (GatingBlocks.integratedLoudness(measured.flatMap(\.blocks)), measured.map(\.peak).max() ?? -.infinity)
    }
}
