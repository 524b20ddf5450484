import Foundation

/// A streaming look-ahead limiter that keeps the true peak (inter-sample, 4x oversampled) of
/// interleaved Float32 audio at or below a ceiling in dBTP, after an optional input gain.
///
/// The gain it applies never exceeds what each frame needs: the required gain is held for the
/// look-ahead window and averaged over the same window, so it ramps down smoothly before a peak
/// arrives and never lets one through; it recovers with an exponential release. Audio that stays
/// below the ceiling passes unchanged. The output is delayed internally, but `process` plus
/// `flush` hand back exactly as many frames as went in, sample-aligned with the input.
public struct TruePeakLimiter {
    public let ceiling: Double
    public let channels: Int
    /// Gain in dB applied before limiting (the loudness-normalisation gain).
    public let inputGain: Double
    /// Internal delay; hidden from the caller by `flush`.
    public let latencyFrames: Int
    /// The deepest gain reduction since the limiter was made, in dB (0 when nothing was limited).
    public var maxGainReduction: Double { -20 * log10(lowestGain) }

    private let linearInputGain: Float
    /// The level the detector must stay under: a hair below the ceiling, for the small
    /// difference between the gain at a peak and at the frames around it.
    private let threshold: Double
    private var detector: TruePeakDetector
    private var envelope: GainEnvelope
    private var previousPeak = 0.0
    private var lowestGain = 1.0
    /// The delayed input, `latencyFrames` frames, circular.
    private var delayLine: [Float]
    private var delayIndex = 0
    /// Leading output frames that still belong to the delay line's initial silence.
    private var framesToSkip: Int
    private var pending: [Float] = []

    /// - Parameters:
    ///   - ceiling: highest allowed true peak in dBTP, for example -1.5.
    ///   - inputGain: gain in dB applied before limiting.
    ///   - lookaheadSeconds: how early the gain starts to fall before a peak (5 ms).
    ///   - releaseSeconds: time constant of the recovery after a peak.
    public init(
        ceiling: Double, channels: Int, sampleRate: Int, inputGain: Double = 0, lookaheadSeconds: Double = 0.005,
        releaseSeconds: Double = 0.15
    ) throws {
        guard ceiling.isFinite, ceiling <= 0, inputGain.isFinite, (1...64).contains(channels),
            (8000...384_000).contains(sampleRate), lookaheadSeconds > 0, releaseSeconds > 0
        else {
            throw RenderingError.invalidParameter(
                "limiter ceiling \(ceiling) dBTP, gain \(inputGain) dB, \(channels) channels at \(sampleRate) Hz")
        }
        self.ceiling = ceiling
        self.channels = channels
        self.inputGain = inputGain
        linearInputGain = Float(Decibels.linear(inputGain))
        threshold = Decibels.linear(ceiling - 0.05)
        let lookahead = max(1, Int((lookaheadSeconds * Double(sampleRate)).rounded()))
        envelope = GainEnvelope(
            lookahead: lookahead, releaseCoefficient: 1 - exp(-1 / (releaseSeconds * Double(sampleRate))))
        detector = TruePeakDetector(channels: channels, sampleRate: sampleRate)
        // The detector reports a frame's peak `delayFrames` late, and the envelope's gain is
        // for the frame `lookahead - 1` before that.
        latencyFrames = max(1, lookahead - 1 + detector.delayFrames)
        delayLine = [Float](repeating: 0, count: latencyFrames * channels)
        framesToSkip = latencyFrames
    }

    /// Limits `input` (interleaved, whole frames) and hands finished frames to `output`, which
    /// may be called several times or not at all; the frames still held come out of `flush`.
    public mutating func process(
        _ input: UnsafeBufferPointer<Float>, output: (UnsafeBufferPointer<Float>) throws -> Void
    ) rethrows {
        precondition(input.count % channels == 0, "the limiter takes whole frames")
        pending.removeAll(keepingCapacity: true)
        pending.reserveCapacity(input.count)
        var frame = [Float](repeating: 0, count: channels)
        for start in stride(from: 0, to: input.count, by: channels) {
            for channel in 0..<channels {
                frame[channel] = input[start + channel] * linearInputGain
            }
            step(frame)
        }
        try emitPending(output)
    }

    /// Pushes the held frames out (by feeding silence through) and makes the limiter ready
    /// for a new stream.
    public mutating func flush(output: (UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        pending.removeAll(keepingCapacity: true)
        let silence = [Float](repeating: 0, count: channels)
        for _ in 0..<latencyFrames {
            step(silence)
        }
        try emitPending(output)
        framesToSkip = latencyFrames
        envelope.reset()
        previousPeak = 0
    }

    /// One frame in, at most one frame (the one `latencyFrames` earlier) out.
    private mutating func step(_ frame: [Float]) {
        // The detector's peak covers the span from frame k to k+1; a frame must respect the
        // spans on both its sides.
        let peak = detector.push(frame)
        let need = max(peak, previousPeak)
        previousPeak = peak
        let gain = envelope.next(required: need > threshold ? threshold / need : 1)
        lowestGain = min(lowestGain, gain)

        let base = delayIndex * channels
        for channel in 0..<channels {
            let delayed = delayLine[base + channel]
            delayLine[base + channel] = frame[channel]
            if framesToSkip == 0 {
                pending.append(Float(Double(delayed) * gain))
            }
        }
        delayIndex = delayIndex + 1 == latencyFrames ? 0 : delayIndex + 1
        if framesToSkip > 0 { framesToSkip -= 1 }
    }

    private mutating func emitPending(_ output: (UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        guard !pending.isEmpty else { return }
        try pending.withUnsafeBufferPointer { try output($0) }
    }
}
