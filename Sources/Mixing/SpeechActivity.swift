import Foundation

/// Finds where the original sound holds speech or loud programme sound, 50 ms at a time, so
/// that the music can make room for it.
///
/// Speech is judged by the energy of the speech band (300-3400 Hz, where intelligibility
/// lives), not by any energy: a rumble, hum or hiss in the background does not duck the music.
/// A block counts as active when its speech-band level is within `relativeRange` dB of the
/// loud speech-band blocks (the 95th percentile) and above `floor` dBFS, or when the whole band
/// is loud (above `loudLevel` dBFS), which catches loud programme sound of any kind.
public struct SpeechActivity {
    public static let blockSeconds = 0.05
    public let sampleRate: Int
    public let channels: Int
    private let blockFrames: Int
    private var highPass: Biquad
    private var lowPass: Biquad
    private var bandSum = 0.0
    private var fullSum = 0.0
    private var framesInBlock = 0
    /// Mean-square levels per block, in dBFS: the speech band and the whole signal.
    public private(set) var bandLevels: [Double] = []
    public private(set) var fullLevels: [Double] = []

    public init(channels: Int, sampleRate: Int) {
        self.channels = channels
        self.sampleRate = sampleRate
        blockFrames = Int((Double(sampleRate) * Self.blockSeconds).rounded())
        highPass = Biquad.highPass(cutoff: 300, sampleRate: Double(sampleRate))
        lowPass = Biquad.lowPass(cutoff: 3400, sampleRate: Double(sampleRate))
    }

    /// Adds interleaved samples; any chunk size.
    public mutating func add(_ interleaved: UnsafeBufferPointer<Float>) {
        let frames = interleaved.count / channels
        for frame in 0..<frames {
            var mono = 0.0
            for channel in 0..<channels { mono += Double(interleaved[frame * channels + channel]) }
            mono /= Double(channels)
            let band = lowPass.process(highPass.process(mono))
            bandSum += band * band
            fullSum += mono * mono
            framesInBlock += 1
            if framesInBlock == blockFrames { closeBlock() }
        }
    }

    private mutating func closeBlock() {
        bandLevels.append(Self.level(bandSum / Double(framesInBlock)))
        fullLevels.append(Self.level(fullSum / Double(framesInBlock)))
        bandSum = 0
        fullSum = 0
        framesInBlock = 0
    }

    private static func level(_ meanSquare: Double) -> Double {
        meanSquare > 1e-14 ? 10 * log10(meanSquare) : -140
    }

    /// Which blocks hold speech or loud sound (a last partial block counts as a block).
    public mutating func activeBlocks(relativeRange: Double = 22, floor: Double = -55, loudLevel: Double = -22)
        -> [Bool]
    {
        if framesInBlock > 0 { closeBlock() }
        guard !bandLevels.isEmpty else { return [] }
        let sorted = bandLevels.sorted()
        let loud = sorted[Int(Double(sorted.count - 1) * 0.95)]
        let threshold = max(floor, loud - relativeRange)
        return zip(bandLevels, fullLevels).map { band, full in band > threshold || full > loudLevel }
    }
}

/// A second-order IIR filter (RBJ cookbook), direct form I, for one channel.
struct Biquad {
    private let b0, b1, b2, a1, a2: Double
    private var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0

    private init(b0: Double, b1: Double, b2: Double, a0: Double, a1: Double, a2: Double) {
        self.b0 = b0 / a0
        self.b1 = b1 / a0
        self.b2 = b2 / a0
        self.a1 = a1 / a0
        self.a2 = a2 / a0
    }

    static func highPass(cutoff: Double, sampleRate: Double, q: Double = 0.7071) -> Biquad {
        let w = 2 * Double.pi * cutoff / sampleRate
        let alpha = sin(w) / (2 * q)
        let c = cos(w)
        return Biquad(b0: (1 + c) / 2, b1: -(1 + c), b2: (1 + c) / 2, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    static func lowPass(cutoff: Double, sampleRate: Double, q: Double = 0.7071) -> Biquad {
        let w = 2 * Double.pi * cutoff / sampleRate
        let alpha = sin(w) / (2 * q)
        let c = cos(w)
        return Biquad(b0: (1 - c) / 2, b1: 1 - c, b2: (1 - c) / 2, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    mutating func process(_ x: Double) -> Double {
        let y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2 = x1
        x1 = x
        y2 = y1
        y1 = y
        return y
    }
}
