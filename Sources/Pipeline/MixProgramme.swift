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

    /// Gating blocks of the music with the ducking applied, at unity music gain: the music of
    /// a mix without its original, measured like `measure` measures a mix.
    static func duckedBlocks(music: PCMSpool, duck: [Float]) throws -> [Double] {
        try metered(frameCount: music.frameCount) { frames, sink in
            try replay(music: music, original: nil, musicGain: 0, duck: duck, frames: frames, sink)
        }.blocks
    }

    /// Replays `frames` of the mix `plan` describes: the music, scaled by the plan's gain and
    /// the ducking gains, under the original at unity gain; either input may be shorter than
    /// the mix (silence follows). Keeps no state, so several threads may replay different
    /// stretches at once.
    static func replay(
        _ plan: MixPlan, frames: Range<Int>, _ sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        try replay(
            music: plan.music, original: plan.original, musicGain: plan.musicGain, duck: plan.duck, frames: frames,
            sink)
    }

    /// The mixing itself: `music` at `musicGain` dB times the ducking gains, plus `original`
    /// (silence when there is none, or past its end).
    private static func replay(
        music: PCMSpool, original: PCMSpool?, musicGain: Double, duck: [Float], frames: Range<Int>,
        _ sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        let gain = Float(Decibels.linear(musicGain))
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
                        let musicFrames = try music.read(into: wanted, atFrame: position)
                        let dryFrames = try original?.read(
                            into: UnsafeMutableBufferPointer(rebasing: dry[0..<(count * 2)]), atFrame: position) ?? 0
                        for index in (musicFrames * 2)..<(count * 2) { mixed[index] = 0 }
                        for index in (dryFrames * 2)..<(count * 2) { dry[index] = 0 }
                        DuckingEnvelope.fill(
                            UnsafeMutableBufferPointer(rebasing: ducks[0..<count]), gains: duck,
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

    /// Integrated loudness and sample peak of the mix `plan` describes.
    static func measure(_ plan: MixPlan) throws -> (loudness: Double, samplePeak: Double) {
        let measured = try metered(frameCount: plan.frameCount) { frames, sink in
            try replay(plan, frames: frames, sink)
        }
        return (GatingBlocks.integratedLoudness(measured.blocks), measured.samplePeak)
    }

    /// Gating blocks and sample peak of the `frameCount` frames `replay` produces, its two
    /// halves measured side by side when it is long enough
    /// (`LoudnessNormalizer.measuredSideBySide`).
    private static func metered(
        frameCount: Int,
        _ replay: @escaping @Sendable (Range<Int>, (UnsafeBufferPointer<Float>) throws -> Void) throws -> Void
    ) throws -> (blocks: [Double], samplePeak: Double) {
        let stretches = LoudnessNormalizer.measuredSideBySide(
            frameCount: frameCount, sampleRate: AudioFormat.standard.sampleRate)
        let halves = stretches.map { frames in
            Background { () throws -> (blocks: [Double], peak: Double) in
                var meter = try LoudnessMeter(peaks: .sample)
                try replay(frames) { try meter.add($0) }
                return (meter.blockPowers, meter.samplePeak)
            }
        }
        let measured = try halves.map { try $0.wait() }
        return (measured.flatMap(\.blocks), measured.map(\.peak).max() ?? -.infinity)
    }
}
