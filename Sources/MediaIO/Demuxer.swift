#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// An opened container: probes only allowed formats, refuses every nested open, enforces the
/// input limits, and reads packets in file order.
final class Demuxer {
    /// What the file is opened for: a video (it must have pictures), or a sound to listen to
    /// (`SoundReader`: sound formats allowed too, and a video stream is not needed).
    enum Purpose {
        case video, sound
    }

    let path: String
    let info: MediaInfo
    let limits: InputLimits
    private let source: InputSource
    private(set) var context: UnsafeMutablePointer<AVFormatContext>?
    private let interrupt: InterruptFlag
    /// Repairs the times of what `read` hands out; created once the streams are known.
    private var timeline: PacketTimeline?
    private var reachedEnd = false

    init(
        file: InputFile, limits: InputLimits = .default, interrupt: InterruptFlag = InterruptFlag(),
        purpose: Purpose = .video
    ) throws(MediaError) {
        let path = file.path
        self.path = path
        self.limits = limits
        self.interrupt = interrupt
        source = try InputSource(file: file)
        guard let context = avformat_alloc_context() else {
            throw .internalFailure(operation: "allocating a demuxer", reason: "out of memory")
        }
        context.pointee.pb = source.ioContext
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        context.pointee.max_streams = Int32(limits.maxStreams)
        context.pointee.probesize = limits.probeSizeBytes
        context.pointee.max_analyze_duration = Int64(limits.analyzeSeconds * 1_000_000)
        // Any file a demuxer would open besides the one we handed it (playlists, concat lists,
        // MOV data references) is refused.
        context.pointee.io_open = { _, _, _, _, _ in st_averror(EPERM) }
        context.pointee.interrupt_callback.callback = { opaque in
            Unmanaged<InterruptFlag>.fromOpaque(opaque!).takeUnretainedValue().isSet ? 1 : 0
        }
        context.pointee.interrupt_callback.opaque = Unmanaged.passUnretained(interrupt).toOpaque()

        var options: OpaquePointer?
        av_dict_set(
            &options, "format_whitelist", purpose == .sound ? allowedSoundFormats : allowedInputFormats, 0)
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let openResult = avformat_open_input(&opened, path, nil, &options)
        av_dict_free(&options)
        guard openResult >= 0, let opened else {
            // avformat_open_input frees the context itself on failure.
            throw Self.openError(
                path: path, code: openResult, interrupted: interrupt.isSet, limits: limits,
                detected: openResult == st_averror(EINVAL) ? Self.detectedFormat(source.ioContext) : nil)
        }
        self.context = opened
        // MPEG program and transport streams may leave a picture's presentation time out (a
        // DVD's reference pictures, now and then); FFmpeg works it out from the next reference
        // picture's decode time when asked, as a player does, where a muxer would otherwise be
        // handed two pictures at one time.
        if let format = opened.pointee.iformat?.pointee.name, Self.untimedPictureFormats.contains(String(cString: format)) {
            opened.pointee.flags |= AVFMT_FLAG_GENPTS
        }

        do {
            try Self.findStreamInfo(opened, limits: limits, path: path)
            info =
                purpose == .sound
                ? try Self.describeSound(opened, limits: limits, path: path)
                : try Self.describe(opened, limits: limits, path: path)
            timeline = PacketTimeline(context: opened)
        } catch {
            avformat_close_input(&self.context)
            throw error
        }
    }

    deinit {
        avformat_close_input(&context)
    }

    private static func openError(
        path: String, code: Int32, interrupted: Bool, limits: InputLimits, detected: String?
    ) -> MediaError {
        if interrupted { return .interrupted(path: path) }
        if code == st_averror(EPERM) {
            return .notAVideo(path: path, reason: "it refers to other files (a playlist or concat script?)")
        }
        if code == st_averror_invaliddata() {
            return .notAVideo(path: path, reason: "not a video container soundtrack reads")
        }
        if code == st_averror(ENOMEM) {
            // What a demuxer returns when the header declares more streams than max_streams.
            return .notAVideo(path: path, reason: "it declares more than the \(limits.maxStreams) streams allowed")
        }
        if code == st_averror(EINVAL) {
            // What avformat_open_input returns when it recognises a format off the allow-list.
            return .notAVideo(path: path, reason: Self.describeRefused(format: detected))
        }
        return .notAVideo(path: path, reason: ffmpegErrorText(code))
    }

    /// Formats that hold only sound, as FFmpeg names them.
    private static let soundFormats: Set<String> = [
        "mp3", "wav", "flac", "aac", "ac3", "eac3", "aiff", "w64", "ape", "amr", "au", "caf", "dts", "mpc", "tta", "wv",
        "mp2", "mpc8", "s16le", "truehd", "mlp",
    ]
    /// Formats whose pictures may come without a presentation time, as FFmpeg names them.
    private static let untimedPictureFormats: Set<String> = ["mpeg", "mpegts", "mpegvideo"]
    /// Formats that name other files.
    private static let referringFormats: Set<String> = ["hls", "concat", "dash", "ffmetadata", "image2", "tee"]

    private static func describeRefused(format: String?) -> String {
        guard let format else { return "its format is not one soundtrack reads" }
        if soundFormats.contains(format) { return "it is a sound file (\(format)), with no pictures" }
        if referringFormats.contains(format) { return "it refers to other files (\(format): a playlist or a concat script)" }
        return "its format (\(format)) is not one soundtrack reads"
    }

    /// What FFmpeg takes the file for, from its first bytes only (nothing is opened).
    private static func detectedFormat(_ io: UnsafeMutablePointer<AVIOContext>?) -> String? {
        guard let io, avio_seek(io, 0, SEEK_SET) >= 0 else { return nil }
        var format: UnsafePointer<AVInputFormat>?
        guard av_probe_input_buffer2(io, &format, nil, nil, 0, 0) >= 0, let format else { return nil }
        return String(cString: format.pointee.name)
    }

    private static func findStreamInfo(
        _ context: UnsafeMutablePointer<AVFormatContext>, limits: InputLimits, path: String
    ) throws(MediaError) {
        let count = Int(context.pointee.nb_streams)
        guard count <= limits.maxStreams else {
            throw .notAVideo(path: path, reason: "\(count) streams, more than the \(limits.maxStreams) allowed")
        }
        var perStream = [OpaquePointer?](repeating: nil, count: max(count, 1))
        for index in 0..<count {
            av_dict_set(&perStream[index], "max_pixels", String(limits.maxPixelsPerFrame), 0)
            av_dict_set(&perStream[index], "threads", "1", 0)
        }
        let result = perStream.withUnsafeMutableBufferPointer { buffer in
            avformat_find_stream_info(context, buffer.baseAddress)
        }
        for index in 0..<count { av_dict_free(&perStream[index]) }
        if result < 0 {
            throw .notAVideo(path: path, reason: "cannot read its streams: \(ffmpegErrorText(result))")
        }
    }

    private static func describe(
        _ context: UnsafeMutablePointer<AVFormatContext>, limits: InputLimits, path: String
    ) throws(MediaError) -> MediaInfo {
        let count = Int(context.pointee.nb_streams)
        guard count <= limits.maxStreams else {
            throw .notAVideo(path: path, reason: "\(count) streams, more than the \(limits.maxStreams) allowed")
        }
        var streams: [StreamInfo] = []
        for index in 0..<count {
            streams.append(StreamInfo(context.pointee.streams[index]!))
        }
        let videoIndex = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        guard videoIndex >= 0, !streams[Int(videoIndex)].isAttachedPicture else {
            throw .notAVideo(path: path, reason: "it has no video stream")
        }
        let video = streams[Int(videoIndex)]
        guard video.width > 0, video.height > 0 else {
            throw .notAVideo(path: path, reason: "the video stream has no picture size")
        }
        guard Int64(video.width) * Int64(video.height) <= limits.maxPixelsPerFrame else {
            throw .notAVideo(
                path: path, reason: "its pictures are \(video.width)x\(video.height), larger than allowed")
        }
        let duration = seconds(context.pointee.duration, st_time_base_q())
        if let duration, duration > limits.maxDurationSeconds {
            throw .notAVideo(
                path: path, reason: "it lasts \(Int(duration)) s, longer than the \(Int(limits.maxDurationSeconds)) s allowed")
        }
        let audioIndex = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, videoIndex, nil, 0)
        return MediaInfo(
            formatName: String(cString: context.pointee.iformat.pointee.name),
            duration: duration,
            streams: streams,
            videoStreamIndex: Int(videoIndex),
            audioStreamIndex: audioIndex >= 0 ? Int(audioIndex) : nil)
    }

    /// A file opened to listen to: its main audio stream; `videoStreamIndex` is a moving video
    /// stream's index, or -1 when the file has none (cover art does not count).
    private static func describeSound(
        _ context: UnsafeMutablePointer<AVFormatContext>, limits: InputLimits, path: String
    ) throws(MediaError) -> MediaInfo {
        let count = Int(context.pointee.nb_streams)
        let streams = (0..<count).map { StreamInfo(context.pointee.streams[$0]!) }
        let audioIndex = av_find_best_stream(context, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        guard audioIndex >= 0 else { throw .notAudio(path: path, reason: "it has no audio stream") }
        let video = streams.first { $0.kind == .video && !$0.isAttachedPicture }
        return MediaInfo(
            formatName: String(cString: context.pointee.iformat.pointee.name),
            duration: seconds(context.pointee.duration, st_time_base_q()), streams: streams,
            videoStreamIndex: video?.index ?? -1, audioStreamIndex: Int(audioIndex))
    }

    /// Reads the next packet into `packet`, its times repaired; false at the end of the file.
    func read(into packet: borrowing Packet) throws(MediaError) -> Bool {
        while true {
            // Reading through our own I/O, FFmpeg does not poll the interrupt between packets:
            // without this a long read would run on to its end after Ctrl-C.
            if interrupt.isSet { throw .interrupted(path: path) }
            if timeline!.take(into: packet.pointer) { return true }
            if reachedEnd { return false }
            let result = av_read_frame(context, packet.pointer)
            if result >= 0 {
                // A cover picture comes once, untimed, ahead of the media; the muxer takes it
                // from the stream itself (`OutputMuxer`), so it is not media to place in time.
                let index = Int(packet.pointer.pointee.stream_index)
                // (A stream found after the header, as MPEG-TS may add, is the timeline's to drop.)
                if index < info.streams.count, info.streams[index].isAttachedPicture {
                    av_packet_unref(packet.pointer)
                    continue
                }
                timeline!.push(packet.pointer)
                continue
            }
            if result != averrorEOF, interrupt.isSet { throw .interrupted(path: path) }
            // A damaged tail is common in real files: treat a read error after the start as the end.
            reachedEnd = true
            timeline!.finish()
        }
    }

    /// Seeks the main video stream to `target` (in its time base) or the key frame before it.
    func seek(to target: Int64, stream index: Int) -> Int32 {
        let result = av_seek_frame(context, Int32(index), target, AVSEEK_FLAG_BACKWARD)
        if result >= 0 {
            timeline!.reset()
            reachedEnd = false
        }
        return result
    }

    /// What was done to the file's timestamps so far.
    var timestampRepairs: TimestampRepairs { timeline?.repairs ?? TimestampRepairs() }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        context!.pointee.streams[index]!
    }

    /// Fraction of the file read so far, for progress displays.
    var progress: Double {
        guard let pb = context?.pointee.pb, source.size > 0 else { return 0 }
        return min(1, Double(avio_tell(pb)) / Double(source.size))
    }
}

extension StreamInfo {
    init(_ stream: UnsafeMutablePointer<AVStream>) {
        let parameters = stream.pointee.codecpar!.pointee
        let kind: Kind
        switch parameters.codec_type {
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_ATTACHMENT: kind = .attachment
        case AVMEDIA_TYPE_DATA: kind = .data
        default: kind = .unknown
        }
        self.init(
            index: Int(stream.pointee.index), kind: kind,
            codecName: String(cString: avcodec_get_name(parameters.codec_id)),
            startTime: seconds(stream.pointee.start_time, stream.pointee.time_base),
            duration: seconds(stream.pointee.duration, stream.pointee.time_base))
        width = Int(parameters.width)
        height = Int(parameters.height)
        frameRate = stream.pointee.avg_frame_rate.seconds
        sampleRate = Int(parameters.sample_rate)
        channels = Int(parameters.ch_layout.nb_channels)
        isDefault = stream.pointee.disposition & AV_DISPOSITION_DEFAULT != 0
        isAttachedPicture = stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
        if let entry = av_dict_get(stream.pointee.metadata, "language", nil, 0) {
            language = String(cString: entry.pointee.value)
        }
        var size: Int = 0
        if let matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size), size >= 36 {
            let degrees = av_display_rotation_get(UnsafeRawPointer(matrix).assumingMemoryBound(to: Int32.self))
            if degrees.isFinite { rotation = -degrees }
        }
    }
}
