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
    public var maxGainReduction: Double { lowestGain < 1 ? -20 * log10(lowestGain) : 0 }

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
    /// Per-chunk scratch: the detector's peaks and the finished output.
    private var peaks: [Float] = []
    private var outputBuffer: [Float] = []

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
            throw MixingError.invalidParameter(
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
    /// may be called once or not at all; the frames still held come out of `flush`.
    public mutating func process(
        _ input: UnsafeBufferPointer<Float>, output: (UnsafeBufferPointer<Float>) throws -> Void
    ) rethrows {
        precondition(input.count % channels == 0, "the limiter takes whole frames")
        let produced = run(input, gain: linearInputGain)
        if produced > 0 {
            try outputBuffer.withUnsafeBufferPointer { try output(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
        }
    }

    /// Pushes the held frames out (by feeding silence through) and makes the limiter ready
    /// for a new stream.
    public mutating func flush(output: (UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        let silence = [Float](repeating: 0, count: latencyFrames * channels)
        let produced = silence.withUnsafeBufferPointer { run($0, gain: 1) }
        framesToSkip = latencyFrames
        envelope.reset()
        previousPeak = 0
        if produced > 0 {
            try outputBuffer.withUnsafeBufferPointer { try output(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
        }
    }

    /// Feeds `input` through detector, envelope and delay line into `outputBuffer`; returns how
    /// many samples of it are finished output.
    private mutating func run(_ input: UnsafeBufferPointer<Float>, gain inputGain: Float) -> Int {
        let frames = input.count / channels
        if outputBuffer.count < frames * channels {
            peaks = [Float](repeating: 0, count: frames)
            outputBuffer = [Float](repeating: 0, count: frames * channels)
        }
        peaks.withUnsafeMutableBufferPointer {
            detector.measure(input, gain: inputGain, floor: Float(threshold), into: $0)
        }

        let channels = channels
        let latency = latencyFrames
        var produced = 0
        var delayIndex = delayIndex
        var framesToSkip = framesToSkip
        var previousPeak = previousPeak
        var lowestGain = lowestGain
        peaks.withUnsafeBufferPointer { peaks in
            delayLine.withUnsafeMutableBufferPointer { delayLine in
                outputBuffer.withUnsafeMutableBufferPointer { output in
                    // One frame into the delay line, and the frame it pushes out, at `gain`.
                    func pass(_ frame: Int, gain: Double) {
                        let slot = delayIndex * channels
                        for channel in 0..<channels {
                            let delayed = delayLine[slot + channel]
                            delayLine[slot + channel] = input[frame * channels + channel] * inputGain
                            if framesToSkip == 0 {
                                output[produced] = gain == 1 ? delayed : Float(Double(delayed) * gain)
                                produced += 1
                            }
                        }
                        delayIndex = delayIndex + 1 == latency ? 0 : delayIndex + 1
                        if framesToSkip > 0 { framesToSkip -= 1 }
                    }
                    var frame = 0
                    while frame < frames {
                        // Idle, with nothing to catch: the frames only pass through the delay.
                        if envelope.isResting && previousPeak <= threshold {
                            var end = frame
                            while end < frames && Double(peaks[end]) <= threshold { end += 1 }
                            if end > frame {
                                envelope.skip(end - frame)
                                previousPeak = Double(peaks[end - 1])
                                for idle in frame..<end { pass(idle, gain: 1) }
                                frame = end
                                continue
                            }
                        }
                        // A peak estimate covers the span from one frame to the next; a frame
                        // must respect the spans on both of its sides.
                        let peak = Double(peaks[frame])
                        let need = max(peak, previousPeak)
                        previousPeak = peak
                        let gain = envelope.next(required: need > threshold ? threshold / need : 1)
                        lowestGain = min(lowestGain, gain)
                        pass(frame, gain: gain)
                        frame += 1
                    }
                }
            }
        }
        self.delayIndex = delayIndex
        self.framesToSkip = framesToSkip
        self.previousPeak = previousPeak
        self.lowestGain = lowestGain
        return produced
    }
}
