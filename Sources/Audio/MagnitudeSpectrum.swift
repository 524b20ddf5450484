/// A Fourier transform of a fixed size that hands back magnitudes: what a stage that listens
/// to sound needs of an FFT, without knowing whose FFT it is (MediaIO's `SpectrumTransform`
/// wraps libavutil's; the listening code stays pure Swift).
public protocol MagnitudeSpectrum {
    /// Samples per transform (a power of two).
    var size: Int { get }
    /// |X[k]| for k in 0...size/2 of `samples` (exactly `size` of them, windowed by the caller),
    /// written into `magnitudes` (resized to size/2 + 1).
    func magnitudes(of samples: UnsafeBufferPointer<Float>, into magnitudes: inout [Float])
}
