internal import CFFmpeg

/// An image file opened through the photo demuxers only, with every nested open refused, and
/// decoded to its first picture. Owns the format context.
final class PhotoDemuxer {
    private let path: String
    private let source: InputSource
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private let interrupt: InterruptFlag

    /// Opens `file` with the demuxer for `kind`, as its first bytes say (never by its name: the
    /// name's extension would let `image2` win the probe).
    init(file: InputFile, kind: PhotoHeader.Kind, interrupt: InterruptFlag) throws(MediaError) {
        path = file.path
        self.interrupt = interrupt
        source = try InputSource(file: file)
        guard let context = avformat_alloc_context() else {
            throw .internalFailure(operation: "allocating a demuxer", reason: "out of memory")
        }
        context.pointee.pb = source.ioContext
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        context.pointee.max_streams = 1
        context.pointee.io_open = { _, _, _, _, _ in st_averror(EPERM) }
        context.pointee.interrupt_callback.callback = { opaque in
            Unmanaged<InterruptFlag>.fromOpaque(opaque!).takeUnretainedValue().isSet ? 1 : 0
        }
        context.pointee.interrupt_callback.opaque = Unmanaged.passUnretained(interrupt).toOpaque()
        var options: OpaquePointer?
        av_dict_set(&options, "format_whitelist", allowedPhotoFormats, 0)
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let format = av_find_input_format(kind.demuxer)
        let result = avformat_open_input(&opened, "", format, &options)
        av_dict_free(&options)
        guard result >= 0, let opened else {
            // avformat_open_input frees the context itself on failure.
            if interrupt.isSet { throw .interrupted(path: path) }
            throw .notAPhoto(path: path, reason: "not an image soundtrack reads (\(ffmpegErrorText(result)))")
        }
        self.context = opened
        guard opened.pointee.nb_streams == 1, let stream = opened.pointee.streams[0],
            stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
        else {
            avformat_close_input(&self.context)
            throw .notAPhoto(path: path, reason: "it holds no picture")
        }
    }

    deinit {
        avformat_close_input(&context)
    }

    /// Decodes packets until the first picture is complete. The decoder refuses pictures above
    /// `maxPixels` before allocating them.
    func decodeFirstPicture(maxPixels: Int64) throws(MediaError) -> DecodedFrame {
        let stream = context!.pointee.streams[0]!
        let decoder: Decoder
        do {
            decoder = try Decoder(stream: stream, path: path, options: ["max_pixels": String(maxPixels), "threads": "1"])
        } catch {
            if case .notAVideo(_, let reason) = error { throw .notAPhoto(path: path, reason: reason) }
            throw error
        }
        let frame = try DecodedFrame()
        let packet = try Packet()
        var draining = false
        for _ in 0..<10_000 {
            if !draining {
                let result = av_read_frame(context, packet.pointer)
                if interrupt.isSet { throw .interrupted(path: path) }
                if result < 0 {
                    draining = true
                    _ = decoder.send(nil)
                } else {
                    defer { packet.unreference() }
                    guard packet.streamIndex == 0 else { continue }
                    _ = decoder.send(packet.pointer)
                }
            }
            switch decoder.receive(into: frame) {
            case .frame:
                return frame
            case .endOfStream:
                throw .notAPhoto(path: path, reason: "no picture could be decoded from it (damaged or cut short?)")
            case .needsInput:
                if draining {
                    throw .notAPhoto(path: path, reason: "no picture could be decoded from it (damaged or cut short?)")
                }
            }
        }
        throw .notAPhoto(path: path, reason: "no picture could be decoded from it")
    }
}

extension PhotoHeader.Kind {
    /// FFmpeg's single-image demuxer for the kind (each is in `allowedPhotoFormats`).
    var demuxer: String {
        switch self {
        case .jpeg: return "jpeg_pipe"
        case .png: return "png_pipe"
        case .webp: return "webp_pipe"
        case .gif: return "gif"
        case .bmp: return "bmp_pipe"
        case .tiff: return "tiff_pipe"
        }
    }
}
