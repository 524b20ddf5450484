internal import CFFmpeg

/// Encodes small RGB pictures as baseline JPEG with FFmpeg's MJPEG encoder, for the pictures
/// in a report. One encoder per picture size; owned exactly once.
final class JPEGEncoder {
    private let context: UnsafeMutablePointer<AVCodecContext>
    private let frame: DecodedFrame
    private let packet: Packet
    private let scaler: OpaquePointer
    private let width: Int
    private let height: Int
    private let quality: Int32

    /// - Parameter quality: MJPEG's quantiser scale, 2 (best) ... 31 (smallest); 6 keeps a
    ///   160-pixel picture near 4 KB without visible blocks.
    init(width: Int, height: Int, quality: Int = 6) throws(MediaError) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG), let context = avcodec_alloc_context3(codec) else {
            throw .internalFailure(operation: "finding the JPEG encoder", reason: "FFmpeg lacks mjpeg")
        }
        context.pointee.width = Int32(width)
        context.pointee.height = Int32(height)
        // The full-range ("J") variant is what JPEG files carry; MJPEG refuses limited range.
        context.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
        context.pointee.time_base = AVRational(num: 1, den: 25)
        context.pointee.flags |= AV_CODEC_FLAG_QSCALE
        context.pointee.global_quality = Int32(quality) * FF_QP2LAMBDA
        let opened = avcodec_open2(context, codec, nil)
        guard opened >= 0,
            let scaler = sws_getContext(
                Int32(width), Int32(height), AV_PIX_FMT_RGB24, Int32(width), Int32(height), AV_PIX_FMT_YUVJ420P,
                SWS_BICUBIC, nil, nil, nil)
        else {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw .internalFailure(operation: "opening the JPEG encoder", reason: ffmpegErrorText(opened))
        }
        self.context = context
        self.scaler = scaler
        self.width = width
        self.height = height
        self.quality = Int32(quality) * FF_QP2LAMBDA
        frame = try DecodedFrame()
        packet = try Packet()
    }

    deinit {
        sws_freeContext(scaler)
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// The JPEG file of `picture`, which must have the encoder's size.
    func encode(_ picture: VideoFrame) throws(MediaError) -> [UInt8] {
        guard picture.width == width, picture.height == height else {
            throw .internalFailure(
                operation: "encoding a JPEG",
                reason: "picture is \(picture.width)x\(picture.height), not \(width)x\(height)")
        }
        let target = frame.pointer
        defer { av_frame_unref(target) }
        target.pointee.width = Int32(width)
        target.pointee.height = Int32(height)
        target.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
        target.pointee.quality = quality
        var result = av_frame_get_buffer(target, 0)
        guard result >= 0 else {
            throw .internalFailure(operation: "allocating a picture", reason: ffmpegErrorText(result))
        }
        picture.rgb.withUnsafeBufferPointer { rgb in
            var source: [UnsafePointer<UInt8>?] = [rgb.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(width * 3), 0, 0, 0]
            withUnsafeMutablePointer(to: &target.pointee.data) { dataTuple in
                withUnsafeMutablePointer(to: &target.pointee.linesize) { sizeTuple in
                    dataTuple.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 8) { data in
                        sizeTuple.withMemoryRebound(to: Int32.self, capacity: 8) { sizes in
                            _ = sws_scale(scaler, &source, &strides, 0, Int32(height), data, sizes)
                        }
                    }
                }
            }
        }
        result = avcodec_send_frame(context, target)
        guard result >= 0 else { throw .internalFailure(operation: "encoding a JPEG", reason: ffmpegErrorText(result)) }
        var bytes: [UInt8] = []
        while avcodec_receive_packet(context, packet.pointer) >= 0 {
            defer { packet.unreference() }
            let size = Int(packet.pointer.pointee.size)
            if let data = packet.pointer.pointee.data, size > 0 {
                bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: size))
            }
        }
        guard !bytes.isEmpty else {
            throw .internalFailure(operation: "encoding a JPEG", reason: "no picture came out")
        }
        return bytes
    }
}
