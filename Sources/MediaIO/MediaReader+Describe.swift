internal import CFFmpeg

/// A file's container and streams, whatever they hold: what the report says of an output, which
/// may be a video or sound alone (`.m4a`, `.wav`, `.flac`, `.opus`, `.mp3`).
public struct ContainerInfo: Sendable, Equatable {
    /// FFmpeg's name for the container format.
    public var formatName: String
    /// Container duration in seconds, when known.
    public var duration: Double?
    public var streams: [StreamInfo]
}

extension MediaReader {
    /// Containers soundtrack writes, video or sound alone, as FFmpeg's demuxers are named.
    static let writtenFormats = allowedInputFormats + ",wav,flac,mp3"

    /// Describes a file this tool wrote, video or sound alone, without decoding it. The same
    /// guards as for inputs apply (its own descriptor, no nested opens, the stream and probe
    /// limits); unlike `probe`, no video stream is required.
    public func describe(_ path: String) throws(MediaError) -> ContainerInfo {
        let source = try InputSource(file: InputFile(path: path))
        guard let context = avformat_alloc_context() else {
            throw .internalFailure(operation: "allocating a demuxer", reason: "out of memory")
        }
        context.pointee.pb = source.ioContext
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        context.pointee.max_streams = Int32(limits.maxStreams)
        context.pointee.probesize = limits.probeSizeBytes
        context.pointee.max_analyze_duration = Int64(limits.analyzeSeconds * 1_000_000)
        context.pointee.io_open = { _, _, _, _, _ in st_averror(EPERM) }
        var options: OpaquePointer?
        av_dict_set(&options, "format_whitelist", Self.writtenFormats, 0)
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let result = avformat_open_input(&opened, path, nil, &options)
        av_dict_free(&options)
        guard result >= 0, opened != nil else {
            // avformat_open_input frees the context itself on failure.
            throw .notAVideo(path: path, reason: "cannot read it back: \(ffmpegErrorText(result))")
        }
        defer { avformat_close_input(&opened) }
        let found = avformat_find_stream_info(opened, nil)
        guard found >= 0, let opened else {
            throw .notAVideo(path: path, reason: "cannot read its streams: \(ffmpegErrorText(found))")
        }
        let streams = (0..<Int(opened.pointee.nb_streams)).map { StreamInfo(opened.pointee.streams[$0]!) }
        return ContainerInfo(
            formatName: String(cString: opened.pointee.iformat.pointee.name),
            duration: seconds(opened.pointee.duration, st_time_base_q()), streams: streams)
    }
}
