import Audio
internal import CFFmpeg

/// A forward real FFT of one size from libavutil's `av_tx`, handing back magnitudes. Owns its
/// transform context and buffers; one instance per thread.
public final class SpectrumTransform: MagnitudeSpectrum {
    public let size: Int
    private var context: OpaquePointer?
    private let transform: av_tx_fn
    private var input: UnsafeMutablePointer<Float>
    private var output: UnsafeMutablePointer<Float>

    public init(size: Int) throws(MediaError) {
        guard size >= 16, size & (size - 1) == 0 else {
            throw .internalFailure(
                operation: "setting up a \(size)-point FFT", reason: "the size is not a power of two")
        }
        self.size = size
        var scale: Float = 1
        var function: av_tx_fn?
        let result = av_tx_init(&context, &function, AV_TX_FLOAT_RDFT, 0, Int32(size), &scale, 0)
        guard result >= 0, let function, context != nil else {
            av_tx_uninit(&context)
            throw .internalFailure(operation: "setting up a \(size)-point FFT", reason: ffmpegErrorText(result))
        }
        transform = function
        // av_tx wants buffers aligned for the CPU's vector units.
        input = av_malloc(size * MemoryLayout<Float>.size)!.bindMemory(to: Float.self, capacity: size)
        output = av_malloc((size + 2) * MemoryLayout<Float>.size)!.bindMemory(to: Float.self, capacity: size + 2)
    }

    deinit {
        av_tx_uninit(&context)
        av_free(input)
        av_free(output)
    }

    public func magnitudes(of samples: UnsafeBufferPointer<Float>, into magnitudes: inout [Float]) {
        precondition(samples.count == size, "a \(size)-point FFT takes \(size) samples")
        input.update(from: samples.baseAddress!, count: size)
        transform(context, output, input, MemoryLayout<Float>.stride)
        let bins = size / 2 + 1
        if magnitudes.count != bins { magnitudes = [Float](repeating: 0, count: bins) }
        magnitudes.withUnsafeMutableBufferPointer { result in
            for bin in 1..<(bins - 1) {
                let real = output[2 * bin]
                let imaginary = output[2 * bin + 1]
                result[bin] = (real * real + imaginary * imaginary).squareRoot()
            }
            // The first and last bins of a real signal's DFT are real. Their imaginary slots are
            // not read: FFmpeg 5.1's transform leaves the last one unwritten, and what the buffer
            // held there (now and then infinite) came out as the Nyquist bin's magnitude.
            result[0] = abs(output[0])
            result[bins - 1] = abs(output[2 * (bins - 1)])
        }
    }
}
