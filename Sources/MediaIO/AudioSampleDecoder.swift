internal import CFFmpeg

/// Decodes the main audio track and converts any layout and rate to 48 kHz stereo float,
/// placed on the video's timeline: silence is added before audio that starts late, and audio
/// that starts before the first video frame is trimmed. A sound file read for listening
/// (`SoundReader`) asks for mono at its own rate instead.
final class AudioSampleDecoder {
    private let decoder: Decoder
    private let frame: DecodedFrame
    private let origin: Double
    private var resampler: OpaquePointer?
    private var inputSignature: (format: Int32, rate: Int32, channels: Int32) = (-1, -1, -1)
    /// Output frames still to drop (audio before the first video frame), or to pad when negative.
    private var alignment: Int?
    private let outputRate: Int32
    private let outputChannels: Int

    init(
        stream: UnsafeMutablePointer<AVStream>, path: String, origin: Double, rate: Int = AudioChunk.sampleRate,
        channels: Int = AudioChunk.channels
    ) throws(MediaError) {
        decoder = try Decoder(stream: stream, path: path, options: ["threads": "1"])
        frame = try DecodedFrame()
        self.origin = origin
        outputRate = Int32(rate)
        outputChannels = channels
    }

    deinit {
        swr_free(&resampler)
    }

    func decode(_ packet: UnsafeMutablePointer<AVPacket>?, _ body: (AudioChunk) throws -> Void) throws {
        // A packet the decoder refuses until it is drained is sent again, never dropped.
        var accepted = decoder.send(packet)
        var resends = 0
        while true {
            switch decoder.receive(into: frame) {
            case .frame:
                defer { av_frame_unref(frame.pointer) }
                if let chunk = try convert() { try body(chunk) }
            case .needsInput:
                if accepted || resends == Decoder.maximumResends { return }
                resends += 1
                accepted = decoder.send(packet)
            case .endOfStream:
                if let chunk = try drain() { try body(chunk) }
                return
            }
        }
    }

    private func configureResampler() throws {
        let source = frame.pointer.pointee
        let signature = (source.format, source.sample_rate, source.ch_layout.nb_channels)
        if resampler != nil && signature == inputSignature { return }
        swr_free(&resampler)
        inputSignature = signature
        var inputLayout = AVChannelLayout()
        if source.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || source.ch_layout.nb_channels == 0 {
            st_default_layout(&inputLayout, max(1, source.ch_layout.nb_channels))
        } else {
            av_channel_layout_copy(&inputLayout, &frame.pointer.pointee.ch_layout)
        }
        defer { av_channel_layout_uninit(&inputLayout) }
        var outputLayout = AVChannelLayout()
        if outputChannels == 1 { st_default_layout(&outputLayout, 1) } else { st_stereo_layout(&outputLayout) }
        var result = swr_alloc_set_opts2(
            &resampler, &outputLayout, AV_SAMPLE_FMT_FLT, outputRate,
            &inputLayout, AVSampleFormat(rawValue: source.format), source.sample_rate, 0, nil)
        if result >= 0 { result = swr_init(resampler) }
        if result < 0 {
            throw MediaError.internalFailure(operation: "setting up audio conversion", reason: ffmpegErrorText(result))
        }
    }

    private func convert() throws -> AudioChunk? {
        try configureResampler()
        if alignment == nil {
            let source = frame.pointer.pointee
            let timestamp = source.best_effort_timestamp != noPTS ? source.best_effort_timestamp : source.pts
            let start = (seconds(timestamp, decoder.timeBase) ?? origin) - origin
            alignment = Int((-start * Double(outputRate)).rounded())
        }
        let inputCount = frame.pointer.pointee.nb_samples
        let capacity = swr_get_out_samples(resampler, inputCount)
        guard capacity > 0 else { return nil }
        var samples = [Float](repeating: 0, count: Int(capacity) * outputChannels)
        let produced = samples.withUnsafeMutableBytes { bytes -> Int32 in
            var output: UnsafeMutablePointer<UInt8>? = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return frame.pointer.pointee.extended_data.withMemoryRebound(
                to: UnsafePointer<UInt8>?.self, capacity: 8
            ) { input in
                swr_convert(resampler, &output, capacity, input, inputCount)
            }
        }
        guard produced > 0 else { return nil }
        samples.removeLast(samples.count - Int(produced) * outputChannels)
        return aligned(samples)
    }

    private func drain() throws -> AudioChunk? {
        guard let resampler else { return nil }
        let capacity = max(swr_get_out_samples(resampler, 0), 0) + 256
        var samples = [Float](repeating: 0, count: Int(capacity) * outputChannels)
        let produced = samples.withUnsafeMutableBytes { bytes -> Int32 in
            var output: UnsafeMutablePointer<UInt8>? = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return swr_convert(resampler, &output, capacity, nil, 0)
        }
        guard produced > 0 else { return nil }
        samples.removeLast(samples.count - Int(produced) * outputChannels)
        return aligned(samples)
    }

    /// Drops or pads samples once, so that output frame 0 is the first video frame.
    private func aligned(_ samples: [Float]) -> AudioChunk? {
        guard let pending = alignment, pending != 0 else { return AudioChunk(samples: samples) }
        if pending < 0 {
            alignment = 0
            return AudioChunk(samples: [Float](repeating: 0, count: -pending * outputChannels) + samples)
        }
        let frames = samples.count / outputChannels
        let dropped = min(pending, frames)
        alignment = pending - dropped
        guard dropped < frames else { return nil }
        return AudioChunk(samples: Array(samples[(dropped * outputChannels)...]))
    }
}
