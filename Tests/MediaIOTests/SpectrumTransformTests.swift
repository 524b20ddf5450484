import Foundation
import Testing

@testable import MediaIO

/// The FFT that listening uses is libavutil's: a sine lands in its bin with the right magnitude,
/// two sines in theirs, and sizes that are not powers of two are refused.
@Suite("SpectrumTransform (av_tx)")
struct SpectrumTransformTests {
    @Test("a sine's energy is in its bin; a second sine's in its own")
    func sines() throws {
        let size = 1024
        let transform = try SpectrumTransform(size: size)
        // Bin 40 at amplitude 1 and bin 211 at amplitude 0.25, exactly periodic in the frame.
        let samples = (0..<size).map { index -> Float in
            let phase = 2 * Double.pi * Double(index) / Double(size)
            return Float(sin(40 * phase) + 0.25 * cos(211 * phase))
        }
        var magnitudes: [Float] = []
        samples.withUnsafeBufferPointer { transform.magnitudes(of: $0, into: &magnitudes) }
        #expect(magnitudes.count == size / 2 + 1)
        #expect(abs(magnitudes[40] - Float(size / 2)) < 0.01 * Float(size / 2), "\(magnitudes[40])")
        #expect(abs(magnitudes[211] - Float(size / 8)) < 0.01 * Float(size / 8), "\(magnitudes[211])")
        let others = magnitudes.indices.filter { $0 != 40 && $0 != 211 }.map { magnitudes[$0] }.max() ?? 0
        #expect(others < 0.001 * Float(size), "\(others)")
    }

    /// The first and last bins are real; FFmpeg 5.1 leaves the last one's imaginary slot
    /// unwritten, and reading it made the Nyquist bin infinite now and then.
    @Test("a constant lands in the first bin and a tone at half the rate in the last, each as its magnitude")
    func edgeBins() throws {
        let size = 1024
        let transform = try SpectrumTransform(size: size)
        let samples = (0..<size).map { index -> Float in 0.1 + (index % 2 == 0 ? 0.5 : -0.5) }
        var magnitudes: [Float] = []
        for _ in 0..<50 {
            samples.withUnsafeBufferPointer { transform.magnitudes(of: $0, into: &magnitudes) }
            #expect(abs(magnitudes[0] - 0.1 * Float(size)) < 0.01 * Float(size), "\(magnitudes[0])")
            #expect(abs(magnitudes[size / 2] - 0.5 * Float(size)) < 0.01 * Float(size), "\(magnitudes[size / 2])")
            #expect(magnitudes[1..<(size / 2)].allSatisfy { $0 < 0.001 * Float(size) })
        }
    }

    @Test("a size that is not a power of two is refused")
    func badSize() {
        #expect(throws: MediaError.self) { try SpectrumTransform(size: 1000) }
    }
}
