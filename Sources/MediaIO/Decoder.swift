internal import CFFmpeg

/// An FFmpeg decoder for one stream, owned exactly once.
final class Decoder {
    enum Output {
        case frame
        case needsInput
        case endOfStream
    }

    let context: UnsafeMutablePointer<AVCodecContext>
    /// How often a refused packet is offered again before it is given up as undecodable.
    static let maximumResends = 64
    let timeBase: AVRational

    /// Opens a decoder for `stream`. `configure` sets options on the codec context before opening.
    init(
        stream: UnsafeMutablePointer<AVStream>, path: String, options: [String: String] = [:],
        configure: (UnsafeMutablePointer<AVCodecContext>) -> Void = { _ in }
    ) throws(MediaError) {
        let parameters = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw .notAVideo(path: path, reason: "no decoder for \(name)")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw .internalFailure(operation: "allocating a decoder", reason: "out of memory")
        }
        var result = avcodec_parameters_to_context(context, parameters)
        if result >= 0 {
            context.pointee.pkt_timebase = stream.pointee.time_base
            configure(context)
            var dictionary: OpaquePointer?
            for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
            result = avcodec_open2(context, codec, &dictionary)
            av_dict_free(&dictionary)
        }
        guard result >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw .notAVideo(path: path, reason: "cannot open its decoder: \(ffmpegErrorText(result))")
        }
        self.context = context
        self.timeBase = stream.pointee.time_base
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// Sends one packet (or the end of the stream when `packet` is nil). Returns false when the
    /// decoder holds output that must be received before it takes the packet (a frame-threaded
    /// decoder can be in that state even right after a drain); the caller receives and sends
    /// again. Broken packets are skipped: real files often hold a few, and the rest is still good.
    func send(_ packet: UnsafeMutablePointer<AVPacket>?) -> Bool {
        avcodec_send_packet(context, packet) != averrorEAGAIN
    }

    func receive(into frame: borrowing DecodedFrame) -> Output {
        let result = avcodec_receive_frame(context, frame.pointer)
        if result >= 0 { return .frame }
        if result == averrorEOF { return .endOfStream }
        // EAGAIN, or a damaged frame that the decoder could not rebuild.
        return .needsInput
    }
}
