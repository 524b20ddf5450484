internal import CFFmpeg

/// The output of a slideshow: a new container with one H.264 stream and one soundtrack stream,
/// written through our own descriptor. Owns the muxer context.
final class SlideshowMuxer {
    private let output: AtomicOutputFile
    private let sink: OutputSink
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private let videoIndex: Int32
    private let audioIndex: Int32
    private let videoTimeBase: AVRational
    private var headerWritten = false

    init(
        output: AtomicOutputFile, format: OutputFormat, video: VideoEncoder, audio: AudioEncoder, title: String
    ) throws(MediaError) {
        self.output = output
        sink = try OutputSink(descriptor: output.descriptor)
        var context: UnsafeMutablePointer<AVFormatContext>?
        let result = avformat_alloc_output_context2(&context, nil, format.muxer, nil)
        guard result >= 0, let context else {
            throw .internalFailure(operation: "creating a \(format.muxer) muxer", reason: ffmpegErrorText(result))
        }
        self.context = context
        context.pointee.pb = sink.ioContext
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        videoTimeBase = video.context.pointee.time_base
        guard let videoStream = avformat_new_stream(context, nil), let audioStream = avformat_new_stream(context, nil)
        else {
            throw .internalFailure(operation: "adding a stream", reason: "out of memory")
        }
        var copied = avcodec_parameters_from_context(videoStream.pointee.codecpar, video.context)
        if copied >= 0 { copied = avcodec_parameters_from_context(audioStream.pointee.codecpar, audio.context) }
        guard copied >= 0 else {
            throw .internalFailure(operation: "describing the streams", reason: ffmpegErrorText(copied))
        }
        videoStream.pointee.time_base = videoTimeBase
        videoStream.pointee.avg_frame_rate = video.context.pointee.framerate
        videoStream.pointee.disposition = AV_DISPOSITION_DEFAULT
        audioStream.pointee.time_base = audio.context.pointee.time_base
        audioStream.pointee.disposition = AV_DISPOSITION_DEFAULT
        av_dict_set(&audioStream.pointee.metadata, "title", title, 0)
        av_dict_set(&audioStream.pointee.metadata, "handler_name", title, 0)
        av_dict_set(&audioStream.pointee.metadata, "language", OutputMuxer.soundtrackLanguage, 0)
        videoIndex = videoStream.pointee.index
        audioIndex = audioStream.pointee.index
    }

    deinit {
        if let context {
            context.pointee.pb = nil  // owned by the sink
            avformat_free_context(context)
        }
    }

    func writeHeader() throws(MediaError) {
        let result = avformat_write_header(context, nil)
        guard result >= 0 else { throw failure(result, "writing the header") }
        headerWritten = true
    }

    /// Writes one encoded picture; its timestamps count frames.
    func writeVideo(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        let stream = context!.pointee.streams[Int(videoIndex)]!
        av_packet_rescale_ts(packet, videoTimeBase, stream.pointee.time_base)
        packet.pointee.stream_index = videoIndex
        let result = av_interleaved_write_frame(context, packet)
        guard result >= 0 else { throw failure(result, "writing the pictures") }
    }

    /// Writes (and frees) one soundtrack packet whose timestamps count samples.
    func writeAudio(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        var owned: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&owned) }
        let stream = context!.pointee.streams[Int(audioIndex)]!
        av_packet_rescale_ts(packet, AVRational(num: 1, den: Int32(AudioChunk.sampleRate)), stream.pointee.time_base)
        packet.pointee.stream_index = audioIndex
        let result = av_interleaved_write_frame(context, packet)
        guard result >= 0 else { throw failure(result, "writing the soundtrack") }
    }

    func finish() throws(MediaError) {
        var result = av_write_trailer(context)
        guard result >= 0 else { throw failure(result, "finishing the file") }
        avio_flush(context!.pointee.pb)
        result = context!.pointee.pb.pointee.error
        guard result >= 0 else { throw failure(result, "finishing the file") }
    }

    private func failure(_ code: Int32, _ operation: String) -> MediaError {
        if sink.writeError != 0 {
            return .cannotWriteOutput(path: output.path, reason: AtomicOutputFile.reason(sink.writeError))
        }
        if !headerWritten {
            return .unsupportedOutput(path: output.path, reason: "the muxer refused the streams (\(ffmpegErrorText(code)))")
        }
        return .internalFailure(operation: operation, reason: ffmpegErrorText(code))
    }
}
