import Analysis

/// The delivered soundtrack before loudness control: the music alone, or the music ducked
/// under the original sound. Reads both from their spools, so it can be replayed as often as
/// the loudness planner needs.
final class MixProgramme {
    private let music: PCMSpool
    private let original: PCMSpool?
    /// Linear gain of the music against the original sound.
    private let musicGain: Float
    /// Linear ducking gain per 50 ms block of the original sound.
    private let duck: [Float]
    private let frameCount: Int
    private var position = 0
    private var originalBuffer: [Float] = []

    static let blockFrames = 2_400

    init(music: PCMSpool, original: PCMSpool?, musicGainDecibels: Double, duck: [Float], frameCount: Int) {
        self.music = music
        self.original = original
        self.musicGain = Float(pow10(musicGainDecibels / 20))
        self.duck = duck
        self.frameCount = frameCount
    }

    func rewind() {
        music.rewind()
        original?.rewind()
        position = 0
    }

    /// Fills `buffer` with the next frames; returns how many (0 at the end).
    func read(into buffer: UnsafeMutableBufferPointer<Float>) throws -> Int {
        let wanted = min(buffer.count / 2, frameCount - position)
        guard wanted > 0 else { return 0 }
        let slice = UnsafeMutableBufferPointer(rebasing: buffer[0..<(wanted * 2)])
        let got = try music.read(into: slice)
        for index in (got * 2)..<(wanted * 2) { buffer[index] = 0 }
        if let original {
            if originalBuffer.count < wanted * 2 { originalBuffer = [Float](repeating: 0, count: wanted * 2) }
            let originalFrames = try originalBuffer.withUnsafeMutableBufferPointer {
                try original.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<(wanted * 2)]))
            }
            for frame in 0..<wanted {
                let block = (position + frame) / Self.blockFrames
                let gain = musicGain * (block < duck.count ? duck[block] : 1)
                let dry0 = frame < originalFrames ? originalBuffer[2 * frame] : 0
                let dry1 = frame < originalFrames ? originalBuffer[2 * frame + 1] : 0
                buffer[2 * frame] = buffer[2 * frame] * gain + dry0
                buffer[2 * frame + 1] = buffer[2 * frame + 1] * gain + dry1
            }
        }
        position += wanted
        return wanted
    }

    /// Replays the whole programme in chunks.
    func replay(_ sink: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        rewind()
        var buffer = [Float](repeating: 0, count: 8192 * 2)
        while true {
            let frames = try buffer.withUnsafeMutableBufferPointer { try read(into: $0) }
            if frames == 0 { break }
            try buffer.withUnsafeBufferPointer { try sink(UnsafeBufferPointer(rebasing: $0[0..<(frames * 2)])) }
        }
        rewind()
    }

    /// Ducking gains from the original's 50 ms block energies: the music drops by `depth` dB
    /// wherever the original sound is present (within 25 dB of its loud parts), falling in
    /// about 100 ms and coming back over about 600 ms, so it does not pump.
    static func duckingGains(blockEnergy: [Float], depthDecibels: Double) -> [Float] {
        guard !blockEnergy.isEmpty else { return [] }
        let levels = blockEnergy.map { $0 > 1e-12 ? 10 * log10(Double($0)) : -120 }
        let loud = levels.sorted()[Int(Double(levels.count - 1) * 0.9)]
        let threshold = max(-50, loud - 25)
        let ducked = pow10(-depthDecibels / 20)
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

#if canImport(Glibc)
import Glibc
func pow10(_ exponent: Double) -> Double { Glibc.pow(10, exponent) }
#endif
