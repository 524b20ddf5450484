internal import CFFmpeg

/// Encodes 48 kHz stereo float into AAC, Opus, FLAC, MP3 or PCM, owned exactly once.
final class AudioEncoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    /// Samples per channel in every frame but the last.
    let frameSize: Int
    private let frame: DecodedFrame
    private let packet: Packet
    private var nextPTS: Int64
    /// What it encodes, and whether it puts its set-up in the stream parameters: enough to make
    /// another encoder whose packets can take turns with this one's (`SegmentedEncoding`).
    let kind: OutputFormat.Codec
    let globalHeader: Bool

    /// `output` is named in the message when this FFmpeg lacks the encoder. `startFrame` is the
    /// soundtrack frame the first sample given will be (packet timestamps count from there).
    init(
        codec kind: OutputFormat.Codec, globalHeader: Bool, output: String = "output", startFrame: Int = 0
    ) throws(MediaError) {
        let codec: UnsafePointer<AVCodec>?
        switch kind {
        case .aac: codec = avcodec_find_encoder_by_name("aac")
        case .opus: codec = avcodec_find_encoder_by_name("libopus") ?? avcodec_find_encoder(AV_CODEC_ID_OPUS)
        case .flac: codec = avcodec_find_encoder_by_name("flac")
        case .mp3: codec = avcodec_find_encoder_by_name("libmp3lame") ?? avcodec_find_encoder(AV_CODEC_ID_MP3)
        case .pcm24: codec = avcodec_find_encoder_by_name("pcm_s24le")
        }
        guard let codec else {
            throw .encoderMissing(name: kind == .mp3 ? "MP3 (libmp3lame)" : kind.rawValue, path: output)
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw .internalFailure(operation: "allocating the \(kind.rawValue) encoder", reason: "out of memory")
        }
        context.pointee.sample_rate = Int32(AudioChunk.sampleRate)
        st_stereo_layout(&context.pointee.ch_layout)
        context.pointee.sample_fmt = Self.sampleFormat(for: codec)
        // 32-bit samples carry 24 significant bits (WAV, FLAC).
        if context.pointee.sample_fmt == AV_SAMPLE_FMT_S32 { context.pointee.bits_per_raw_sample = 24 }
        switch kind {
        case .aac, .mp3: context.pointee.bit_rate = 192_000
        case .opus: context.pointee.bit_rate = 160_000
        case .flac, .pcm24: break
        }
        // The low-pass the encoder would choose anyway; stated, because the music is
        // synthesised for it and a mixed original is limited to it (`Codec.bandwidth`).
        if let bandwidth = kind.bandwidth { context.pointee.cutoff = Int32(bandwidth) }
        context.pointee.time_base = AVRational(num: 1, den: Int32(AudioChunk.sampleRate))
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        var options: OpaquePointer?
        if kind == .aac {
            // FFmpeg's "fast" quantiser encodes music about a third faster than the default
            // two-loop search; at 192 kbit/s the difference is not audible.
            av_dict_set(&options, "aac_coder", "fast", 0)
        }
        let result = avcodec_open2(context, codec, &options)
        av_dict_free(&options)
        guard result >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw .internalFailure(operation: "opening the \(kind.rawValue) encoder", reason: ffmpegErrorText(result))
        }
        self.context = context
        self.kind = kind
        self.globalHeader = globalHeader
        nextPTS = Int64(startFrame)
        frameSize = context.pointee.frame_size > 0 ? Int(context.pointee.frame_size) : 1024
        frame = try DecodedFrame()
        packet = try Packet()
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    private static func sampleFormat(for codec: UnsafePointer<AVCodec>) -> AVSampleFormat {
        var formats: [AVSampleFormat] = []
        if var pointer = codec.pointee.sample_fmts {
            while pointer.pointee != AV_SAMPLE_FMT_NONE {
                formats.append(pointer.pointee)
                pointer += 1
            }
        }
        for preferred in [AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S32, AV_SAMPLE_FMT_S16] where formats.contains(preferred) {
            return preferred
        }
        return formats.first ?? AV_SAMPLE_FMT_FLTP
    }

    /// Encodes one frame of interleaved stereo samples (nil flushes) and hands out every packet
    /// that comes back; packet timestamps count samples from the soundtrack's start.
    func encode(
        _ interleaved: UnsafeBufferPointer<Float>?, _ body: (UnsafeMutablePointer<AVPacket>) throws -> Void
    ) throws {
        var result: Int32
        if let interleaved {
            try fill(interleaved)
            result = avcodec_send_frame(context, frame.pointer)
            av_frame_unref(frame.pointer)
        } else {
            result = avcodec_send_frame(context, nil)
        }
        if result < 0 && result != averrorEOF {
            throw MediaError.internalFailure(operation: "encoding the soundtrack", reason: ffmpegErrorText(result))
        }
        while avcodec_receive_packet(context, packet.pointer) >= 0 {
            defer { packet.unreference() }
            try body(packet.pointer)
        }
    }

    private func fill(_ interleaved: UnsafeBufferPointer<Float>) throws {
        let frames = interleaved.count / 2
        let target = frame.pointer
        target.pointee.nb_samples = Int32(frames)
        target.pointee.format = context.pointee.sample_fmt.rawValue
        target.pointee.sample_rate = context.pointee.sample_rate
        av_channel_layout_copy(&target.pointee.ch_layout, &context.pointee.ch_layout)
        let result = av_frame_get_buffer(target, 0)
        guard result >= 0 else {
            throw MediaError.internalFailure(operation: "allocating an audio frame", reason: ffmpegErrorText(result))
        }
        target.pointee.pts = nextPTS
        nextPTS += Int64(frames)
        switch context.pointee.sample_fmt {
        case AV_SAMPLE_FMT_FLTP:
            let left = UnsafeMutableRawPointer(target.pointee.data.0!).assumingMemoryBound(to: Float.self)
            let right = UnsafeMutableRawPointer(target.pointee.data.1!).assumingMemoryBound(to: Float.self)
            for index in 0..<frames {
                left[index] = interleaved[2 * index]
                right[index] = interleaved[2 * index + 1]
            }
        case AV_SAMPLE_FMT_FLT:
            let samples = UnsafeMutableRawPointer(target.pointee.data.0!).assumingMemoryBound(to: Float.self)
            for index in 0..<(frames * 2) { samples[index] = interleaved[index] }
        case AV_SAMPLE_FMT_S32:
            let samples = UnsafeMutableRawPointer(target.pointee.data.0!).assumingMemoryBound(to: Int32.self)
            for index in 0..<(frames * 2) {
                // 24 significant bits in the top of the word, as FFmpeg's S32 with 24 raw bits expects.
                samples[index] = Int32((interleaved[index].clamped(-1, 1) * 8_388_607).rounded()) << 8
            }
        default:
            let samples = UnsafeMutableRawPointer(target.pointee.data.0!).assumingMemoryBound(to: Int16.self)
            for index in 0..<(frames * 2) {
                samples[index] = Int16((interleaved[index].clamped(-1, 1) * 32767).rounded())
            }
        }
    }
}

extension Float {
    fileprivate func clamped(_ low: Float, _ high: Float) -> Float { Swift.min(Swift.max(self, low), high) }
}
