internal import CFFmpeg

/// Encodes yuv420p pictures to H.264 with libx264, owned exactly once.
///
/// A slideshow is mostly pictures that do not change: x264 codes a repeated picture as skipped
/// blocks almost for free, so the cost is in the few frames where the photo changes (and in
/// every frame when the picture moves). `veryfast` with CRF 21 keeps photos sharp at a fraction
/// of the slower presets' time.
final class VideoEncoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    private let packet: Packet

    init(size: PixelSize, framesPerSecond: Int, quality: VideoQuality, globalHeader: Bool) throws(MediaError) {
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw .internalFailure(operation: "finding the H.264 encoder", reason: "FFmpeg was built without libx264")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw .internalFailure(operation: "allocating the H.264 encoder", reason: "out of memory")
        }
        context.pointee.width = Int32(size.width)
        context.pointee.height = Int32(size.height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base = AVRational(num: 1, den: Int32(framesPerSecond))
        context.pointee.framerate = AVRational(num: Int32(framesPerSecond), den: 1)
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        // A key frame at least every ten seconds, so that players can seek in a long slideshow.
        context.pointee.gop_size = Int32(framesPerSecond * 10)
        context.pointee.color_range = AVCOL_RANGE_MPEG
        context.pointee.colorspace = AVCOL_SPC_BT709
        context.pointee.color_primaries = AVCOL_PRI_BT709
        context.pointee.color_trc = AVCOL_TRC_BT709
        if globalHeader { context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER }
        var options: OpaquePointer?
        av_dict_set(&options, "preset", quality.preset, 0)
        av_dict_set(&options, "crf", String(quality.crf), 0)
        av_dict_set(&options, "threads", "0", 0)
        let result = avcodec_open2(context, codec, &options)
        av_dict_free(&options)
        guard result >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw .internalFailure(operation: "opening the H.264 encoder", reason: ffmpegErrorText(result))
        }
        self.context = context
        packet = try Packet()
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// Encodes one picture (nil flushes) and hands out every packet that comes back, timestamps
    /// in frames.
    func encode(_ frame: UnsafeMutablePointer<AVFrame>?, _ body: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        let result = avcodec_send_frame(context, frame)
        if result < 0 && result != averrorEOF {
            throw MediaError.internalFailure(operation: "encoding the pictures", reason: ffmpegErrorText(result))
        }
        while avcodec_receive_packet(context, packet.pointer) >= 0 {
            defer { packet.unreference() }
            try body(packet.pointer)
        }
    }
}

/// How the pictures are compressed: an x264 preset and constant rate factor.
public struct VideoQuality: Sendable, Equatable {
    public var preset: String
    public var crf: Int

    public init(preset: String = "veryfast", crf: Int = 21) {
        self.preset = preset
        self.crf = crf
    }
}
