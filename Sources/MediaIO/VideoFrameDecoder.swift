#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// Decodes the main video stream into small RGB pictures.
final class VideoFrameDecoder {
    private let decoder: Decoder
    private let options: VideoReadOptions
    private let frame: DecodedFrame
    private var scaler: OpaquePointer?
    private let origin: Double

    init(stream: UnsafeMutablePointer<AVStream>, path: String, limits: InputLimits, options: VideoReadOptions, origin: Double)
        throws(MediaError)
    {
        self.options = options
        self.origin = origin
        let threads = options.threads > 0 ? options.threads : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        decoder = try Decoder(
            stream: stream, path: path,
            options: ["max_pixels": String(limits.maxPixelsPerFrame), "threads": String(threads)]
        ) { context in
            context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
            context.pointee.skip_loop_filter = AVDISCARD_ALL
            context.pointee.flags2 |= AV_CODEC_FLAG2_FAST
            switch options.frames {
            case .every: break
            case .references: context.pointee.skip_frame = AVDISCARD_NONREF
            case .intraOnly: context.pointee.skip_frame = AVDISCARD_NONINTRA
            }
        }
        frame = try DecodedFrame()
    }

    deinit {
        sws_freeContext(scaler)
    }

    /// From the next packet on, decodes every frame, not only those the options asked for.
    func decodeEveryFrame() {
        decoder.context.pointee.skip_frame = AVDISCARD_DEFAULT
    }

    /// Feeds a packet (nil at the end) and hands every picture it completes to `body`.
    func decode(_ packet: UnsafeMutablePointer<AVPacket>?, _ body: (VideoFrame) throws -> Void) rethrows {
        // A packet the decoder refuses until it is drained is sent again, never dropped.
        for _ in 0..<Decoder.maximumResends {
            let accepted = decoder.send(packet)
            while case .frame = decoder.receive(into: frame) {
                defer { av_frame_unref(frame.pointer) }
                if let picture = scaled() { try body(picture) }
            }
            if accepted { return }
        }
    }

    private func scaled() -> VideoFrame? {
        let source = frame.pointer.pointee
        guard source.width > 0, source.height > 0 else { return nil }
        scaler = sws_getCachedContext(
            scaler, source.width, source.height, AVPixelFormat(rawValue: source.format),
            Int32(options.width), Int32(options.height), AV_PIX_FMT_RGB24, SWS_AREA, nil, nil, nil)
        guard let scaler else { return nil }
        var rgb = [UInt8](repeating: 0, count: options.width * options.height * 3)
        let height = rgb.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(options.width * 3), 0, 0, 0]
            return withUnsafePointer(to: frame.pointer.pointee.data) { dataTuple in
                withUnsafePointer(to: frame.pointer.pointee.linesize) { sizeTuple in
                    dataTuple.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { data in
                        sizeTuple.withMemoryRebound(to: Int32.self, capacity: 8) { sizes in
                            sws_scale(scaler, data, sizes, 0, source.height, &planes, &strides)
                        }
                    }
                }
            }
        }
        guard height > 0 else { return nil }
        let timestamp = source.best_effort_timestamp != noPTS ? source.best_effort_timestamp : source.pts
        let time = (seconds(timestamp, decoder.timeBase) ?? origin) - origin
        let isIntra = source.pict_type == AV_PICTURE_TYPE_I || source.key_frame != 0
        return VideoFrame(time: time, width: options.width, height: options.height, rgb: rgb, isIntra: isIntra)
    }
}
