#if canImport(Glibc)
import Glibc
#endif
import Rendering

/// Puts the music under the original sound: one pass over both spools that writes the mix to
/// a spool of its own (so that loudness planning can replay it cheaply) and measures it.
enum MixProgramme {
    /// Frames in one ducking block (50 ms at 48 kHz, as analysis measures the original).
    static let blockFrames = 2_400

    /// Mixes `music` (scaled by `musicGainDecibels` and the ducking gains) with `original`
    /// into `output`; returns the mix's loudness meter. Both inputs are read from the start.
    static func mix(
        music: PCMSpool, original: PCMSpool, musicGainDecibels: Double, duck: [Float], frameCount: Int,
        into output: PCMSpool
    ) throws -> LoudnessMeter {
        var meter = try LoudnessMeter(channels: 2, sampleRate: 48_000, peaks: .sample)
        music.rewind()
        original.rewind()
        let gain = Float(pow(10, musicGainDecibels / 20))
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
                        let block = (position + frame) / blockFrames
                        let frameGain = gain * (block < duck.count ? duck[block] : 1)
                        mixed[2 * frame] = mixed[2 * frame] * frameGain + dry[2 * frame]
                        mixed[2 * frame + 1] = mixed[2 * frame + 1] * frameGain + dry[2 * frame + 1]
                    }
                    let chunk = UnsafeBufferPointer(wanted)
                    try output.append(chunk)
                    try meter.add(chunk)
                }
            }
            position += frames
        }
        return meter
    }

    /// Ducking gains from the original's 50 ms block energies: the music drops by `depth` dB
    /// wherever the original sound is present (within 25 dB of its loud parts), falling in
    /// about 100 ms and coming back over about 600 ms, so it does not pump.
    static func duckingGains(blockEnergy: [Float], depthDecibels: Double) -> [Float] {
        guard !blockEnergy.isEmpty else { return [] }
        let levels = blockEnergy.map { $0 > 1e-12 ? 10 * log10(Double($0)) : -120 }
        let loud = levels.sorted()[Int(Double(levels.count - 1) * 0.9)]
        let threshold = max(-50, loud - 25)
        let ducked = pow(10, -depthDecibels / 20)
        var gains = [Float](repeating: 1, count: levels.count)
        var current = 1.0
        // Look ahead two blocks so the music is already down when the sound starts.
        for index in levels.indices {
            let upcoming = levels[index..<min(levels.count, index + 3)].max()!
            let target = upcoming > threshold ? ducked : 1
            let rate = target < current ? 0.5 : 0.08
            current += (target - current) * rate
            gains[index] = Float(current)
        }
        return gains
    }
}
