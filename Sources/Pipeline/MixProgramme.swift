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
/// (`MixBalance`). The mix is written in one pass to a spool of its own, so that loudness
/// planning can replay it cheaply.
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
                try music.replay(frames: frames) { chunk in
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: chunk)
                    for frame in 0..<(chunk.count / 2) {
                        let gain = DuckingEnvelope.gain(duck, atFrame: position + frame, blockFrames: blockFrames)
                        scratch[2 * frame] *= gain
                        scratch[2 * frame + 1] *= gain
                    }
                    position += chunk.count / 2
                    try scratch.withUnsafeBufferPointer { try blocks.add($0) }
                }
                return blocks.powers
            }
        }
        return try halves.flatMap { try $0.wait() }
    }

    /// Mixes `music` (scaled by `musicGainDecibels` and the ducking gains) with `original`
    /// at unity gain into `output`; returns the mix's loudness and sample peak (measured on a
    /// thread beside the mixing). Both inputs are read
    /// from the start; either may be shorter than `frameCount` (silence follows).
    static func mix(
        music: PCMSpool, original: PCMSpool, musicGainDecibels: Double, duck: [Float], frameCount: Int,
        into output: PCMSpool
    ) throws -> BackgroundMeter.Measurement {
        let meter = try BackgroundMeter(peaks: .sample)
        music.rewind()
        original.rewind()
        let gain = Float(Decibels.linear(musicGainDecibels))
        let chunkFrames = blockFrames * 8
        var musicBuffer = [Float](repeating: 0, count: chunkFrames * 2)
        var originalBuffer = [Float](repeating: 0, count: chunkFrames * 2)
        var position = 0
        while position < frameCount {
            let frames = min(chunkFrames, frameCount - position)
            try musicBuffer.withUnsafeMutableBufferPointer { mixed in
                try originalBuffer.withUnsafeMutableBufferPointer { dry in
                    let wanted = UnsafeMutableBufferPointer(rebasing: mixed[0..<(frames * 2)])
                    let musicFrames = try music.read(into: wanted)
                    let dryFrames = try original.read(into: UnsafeMutableBufferPointer(rebasing: dry[0..<(frames * 2)]))
                    for index in (musicFrames * 2)..<(frames * 2) { mixed[index] = 0 }
                    for index in (dryFrames * 2)..<(frames * 2) { dry[index] = 0 }
                    for frame in 0..<frames {
                        let frameGain =
                            gain * DuckingEnvelope.gain(duck, atFrame: position + frame, blockFrames: blockFrames)
                        mixed[2 * frame] = mixed[2 * frame] * frameGain + dry[2 * frame]
                        mixed[2 * frame + 1] = mixed[2 * frame + 1] * frameGain + dry[2 * frame + 1]
                    }
                    let chunk = UnsafeBufferPointer(wanted)
                    try output.append(chunk)
                    meter.add(chunk)
                }
            }
            position += frames
        }
        return try meter.finish()
    }
}
