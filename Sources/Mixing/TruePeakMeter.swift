import Foundation

/// The highest true peak (4x oversampled, BS.1770-4 Annex 2) of a stream of interleaved Float32
/// audio, in dBTP, from the limiter's detector: what `LoudnessMeter(peaks: .truePeak)` reports
/// (it keeps one of these).
///
/// The detector works a tap at a time over a whole chunk (vector code) and skips the filter for
/// a chunk that cannot beat the peak found so far.
public struct TruePeakMeter: Sendable {
    private var detector: TruePeakDetector
    private var peaks: [Float] = []
    private var highest: Float = 0
    public let channels: Int

    public init(channels: Int, sampleRate: Int) throws {
        guard (1...64).contains(channels), (8000...384_000).contains(sampleRate) else {
            throw MixingError.invalidParameter(
                "true-peak meter for \(channels) channels at \(sampleRate) Hz (1-64 channels, 8-384 kHz)")
        }
        self.channels = channels
        detector = TruePeakDetector(channels: channels, sampleRate: sampleRate)
    }

    /// Adds interleaved samples (whole frames).
    public mutating func add(_ interleaved: UnsafeBufferPointer<Float>) throws {
        guard interleaved.count % channels == 0 else {
            throw MixingError.invalidParameter(
                "\(interleaved.count) samples are not whole frames of \(channels) channels")
        }
        let frames = interleaved.count / channels
        guard frames > 0 else { return }
        if peaks.count < frames { peaks = [Float](repeating: 0, count: frames) }
        // A chunk whose inter-sample values cannot reach the highest peak so far needs no filter:
        // its sample magnitudes, which the detector reports then, are below that peak too.
        let floor = highest
        peaks.withUnsafeMutableBufferPointer { peaks in
            detector.measure(interleaved, gain: 1, floor: floor, into: peaks)
            for frame in 0..<frames { highest = max(highest, peaks[frame]) }
        }
    }

    /// The highest true peak of everything added, in dBTP (minus infinity for silence). The
    /// detector holds the last few frames back; reading pushes them through with silence, so
    /// read it once, at the end.
    public mutating func finish() -> Double {
        let silence = [Float](repeating: 0, count: (detector.delayFrames + 1) * channels)
        silence.withUnsafeBufferPointer { try? add($0) }
        return highest > 0 ? 20 * log10(Double(highest)) : -Double.infinity
    }
}
