internal import CFFmpeg

/// Encodes yuv420p pictures to H.264 with libx264, owned exactly once.
///
/// `veryfast` with CRF 21 keeps photos sharp at a fraction of the slower presets' time. A moving
/// slideshow (`--motion`) gives x264 every frame. A still one (`stills`) gives it only the key
/// pictures, and `repeatedPicture` writes the frames in between (see H264RepeatedPicture): x264
/// costs 10-20 ms per 1080p frame even when it skips every block.
final class VideoEncoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    private let packet: Packet
    /// The writer of repeated pictures for a still slideshow, whose second parameter set is in
    /// the global header; nil for motion, or when the header is not there or not understood
    /// (then every frame goes through x264).
    private(set) var repeatedPicture: H264RepeatedPicture?

    init(size: PixelSize, framesPerSecond: Int, quality: VideoQuality, globalHeader: Bool, stills: Bool = false)
        throws(MediaError)
    {
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
        if stills {
            // Each key picture must come back at once, before its repeats: no B-frames, no
            // lookahead, threads sharing a picture in slices rather than waiting for the next
            // ones. That is x264's zerolatency tune; with those options set one by one through
            // FFmpeg 5.1, x264 still held the first picture back.
            // Without mb-tree the key pictures come out smaller than before at the same CRF, and
            // closer to the photo (PSNR 43.8 dB against 43.5 on the bench's photos).
            context.pointee.thread_type = FF_THREAD_SLICE
            av_dict_set(&options, "tune", "zerolatency", 0)
        }
        let result = avcodec_open2(context, codec, &options)
        av_dict_free(&options)
        guard result >= 0 else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw .internalFailure(operation: "opening the H.264 encoder", reason: ffmpegErrorText(result))
        }
        self.context = context
        packet = try Packet()
        if stills && globalHeader { repeatedPicture = addRepeatParameterSet() }
    }

    /// Reads x264's parameter sets from the global header and appends the one the repeated
    /// pictures refer to.
    private func addRepeatParameterSet() -> H264RepeatedPicture? {
        guard let extradata = context.pointee.extradata, context.pointee.extradata_size > 0 else { return nil }
        let header = Array(UnsafeBufferPointer(start: extradata, count: Int(context.pointee.extradata_size)))
        guard let repeated = try? H264RepeatedPicture(annexB: header) else { return nil }
        let added = header + repeated.parameterSetUnit
        guard let grown = av_mallocz(added.count + Int(AV_INPUT_BUFFER_PADDING_SIZE)) else { return nil }
        let bytes = grown.assumingMemoryBound(to: UInt8.self)
        bytes.update(from: added, count: added.count)
        av_free(extradata)
        context.pointee.extradata = bytes
        context.pointee.extradata_size = Int32(added.count)
        return repeated
    }

    /// Hands out the picture repeated `sinceKeyFrame` frames after the last key picture, at `pts`
    /// (in frames), as a packet like the encoder's.
    func repeatPicture(
        sinceKeyFrame count: Int, pts: Int64, _ body: (UnsafeMutablePointer<AVPacket>) throws -> Void
    ) throws {
        guard let repeatedPicture else { preconditionFailure("no repeated pictures without the parameter set") }
        try hand(repeatedPicture.repeatUnit(sinceKeyFrame: count), key: false, pts: pts, body)
    }

    /// Hands out `bytes`, a coded picture (Annex B), as a packet at `pts` (in frames): a key
    /// picture x264 coded earlier is handed out again this way, decoding to the same picture.
    func hand(
        _ bytes: [UInt8], key: Bool, pts: Int64, _ body: (UnsafeMutablePointer<AVPacket>) throws -> Void
    ) throws {
        let result = av_new_packet(packet.pointer, Int32(bytes.count))
        guard result >= 0 else {
            throw MediaError.internalFailure(operation: "encoding the pictures", reason: ffmpegErrorText(result))
        }
        defer { packet.unreference() }
        packet.pointer.pointee.data.update(from: bytes, count: bytes.count)
        packet.pointer.pointee.pts = pts
        packet.pointer.pointee.dts = pts
        packet.pointer.pointee.duration = 1
        if key { packet.pointer.pointee.flags |= AV_PKT_FLAG_KEY }
        try body(packet.pointer)
    }

    /// Encodes one picture (nil flushes) and hands out every packet that comes back, timestamps
    /// in frames. Returns how many came back.
    @discardableResult
    func encode(_ frame: UnsafeMutablePointer<AVFrame>?, _ body: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws
        -> Int
    {
        let result = avcodec_send_frame(context, frame)
        if result < 0 && result != averrorEOF {
            throw MediaError.internalFailure(operation: "encoding the pictures", reason: ffmpegErrorText(result))
        }
        var count = 0
        while avcodec_receive_packet(context, packet.pointer) >= 0 {
            defer { packet.unreference() }
            try body(packet.pointer)
            count += 1
        }
        return count
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
