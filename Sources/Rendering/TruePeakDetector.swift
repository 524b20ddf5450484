import Foundation

/// Streaming estimate of the inter-sample (true) peak, as ITU-R BS.1770-4 Annex 2 describes it.
///
/// Each input frame is upsampled 4x (2x at 96 kHz and above) with the same 49-tap
/// Hann-windowed sinc that libebur128 uses, so the limiter watches the peaks the meter reports.
/// The estimate for an input frame comes `delayFrames` frames after the frame itself.
struct TruePeakDetector {
    private static let taps = 49
    let channels: Int
    let factor: Int
    /// Frames between an input frame and the peak estimate that covers it.
    let delayFrames: Int
    /// Coefficients per output phase, and which past frame each multiplies (0 = newest).
    private let phaseCoefficients: [[Double]]
    private let phaseOffsets: [[Int]]
    /// Recent frames per channel, circular with `historyLength` slots.
    private var history: [Double]
    private let historyLength: Int
    private var newest = 0

    init(channels: Int, sampleRate: Int) {
        self.channels = channels
        factor = sampleRate < 96000 ? 4 : (sampleRate < 192_000 ? 2 : 1)
        var coefficients = [[Double]](repeating: [], count: factor)
        var offsets = [[Int]](repeating: [], count: factor)
        let centre = Double(Self.taps - 1) / 2
        for tap in 0..<Self.taps {
            let distance = Double(tap) - centre
            var value = 1.0
            if abs(distance) > 1e-6 {
                let x = distance * Double.pi / Double(factor)
                value = sin(x) / x
            }
            value *= 0.5 * (1 - cos(2 * Double.pi * Double(tap) / Double(Self.taps - 1)))
            if abs(value) > 1e-6 {
                coefficients[tap % factor].append(value)
                offsets[tap % factor].append(tap / factor)
            }
        }
        phaseCoefficients = coefficients
        phaseOffsets = offsets
        historyLength = (Self.taps + factor - 1) / factor
        history = [Double](repeating: 0, count: historyLength * channels)
        // The filter's centre tap sits this many input frames back.
        delayFrames = (Self.taps - 1) / 2 / factor
    }

    /// Takes the next frame and returns the largest magnitude, over all channels, of the
    /// upsampled signal from input frame `n - delayFrames` up to (not including) the next frame.
    mutating func push(_ frame: [Float]) -> Double {
        newest = newest + 1 == historyLength ? 0 : newest + 1
        var peak = 0.0
        for channel in 0..<channels {
            let base = channel * historyLength
            history[base + newest] = Double(frame[channel])
            for phase in 0..<factor {
                let coefficients = phaseCoefficients[phase]
                let offsets = phaseOffsets[phase]
                var sum = 0.0
                for index in 0..<coefficients.count {
                    var slot = newest - offsets[index]
                    if slot < 0 { slot += historyLength }
                    sum += history[base + slot] * coefficients[index]
                }
                peak = max(peak, abs(sum))
            }
        }
        return peak
    }
}
