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
    /// Input frames the filter spans.
    private let span: Int
    /// `factor` rows of `span` coefficients, each row ordered oldest frame first.
    private let coefficients: [Float]
    /// Per channel, the last `span` samples stored twice over (`2 * span` slots), so that the
    /// newest `span` always sit side by side ending at `newest + span`.
    private var history: [Float]
    private var newest = 0

    init(channels: Int, sampleRate: Int) {
        self.channels = channels
        factor = sampleRate < 96000 ? 4 : (sampleRate < 192_000 ? 2 : 1)
        span = (Self.taps + factor - 1) / factor
        var coefficients = [Float](repeating: 0, count: factor * span)
        let centre = Double(Self.taps - 1) / 2
        for tap in 0..<Self.taps {
            let distance = Double(tap) - centre
            var value = 1.0
            if abs(distance) > 1e-6 {
                let x = distance * Double.pi / Double(factor)
                value = sin(x) / x
            }
            value *= 0.5 * (1 - cos(2 * Double.pi * Double(tap) / Double(Self.taps - 1)))
            // Tap `tap` of phase `tap % factor` multiplies the frame `tap / factor` back.
            let framesBack = tap / factor
            coefficients[(tap % factor) * span + span - 1 - framesBack] = Float(value)
        }
        self.coefficients = coefficients
        history = [Float](repeating: 0, count: 2 * span * channels)
        // The filter's centre tap sits this many input frames back.
        delayFrames = (Self.taps - 1) / 2 / factor
    }

    /// For each interleaved frame of `input` (times `gain`), writes to `peaks` the largest
    /// magnitude over all channels of the upsampled signal from frame `n - delayFrames` up to,
    /// not including, the next frame, where `n` is the frame just taken.
    mutating func measure(
        _ input: UnsafeBufferPointer<Float>, gain: Float, into peaks: UnsafeMutableBufferPointer<Float>
    ) {
        let frames = input.count / channels
        let span = span
        let channels = channels
        let factor = factor
        var newest = newest
        history.withUnsafeMutableBufferPointer { history in
            coefficients.withUnsafeBufferPointer { coefficients in
                for frame in 0..<frames {
                    newest = newest + 1 == span ? 0 : newest + 1
                    var peak: Float = 0
                    for channel in 0..<channels {
                        let base = channel * 2 * span
                        let sample = input[frame * channels + channel] * gain
                        history[base + newest] = sample
                        history[base + newest + span] = sample
                        let window = base + newest + 1
                        for phase in 0..<factor {
                            let row = phase * span
                            var sum: Float = 0
                            for index in 0..<span {
                                sum += coefficients[row + index] * history[window + index]
                            }
                            peak = max(peak, abs(sum))
                        }
                    }
                    peaks[frame] = peak
                }
            }
        }
        self.newest = newest
    }
}
