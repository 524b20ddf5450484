#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// Writes the soundtrack alone into an audio file (M4A, WAV, FLAC, Opus, MP3): no input is
/// copied, the file starts with the soundtrack's first sample.
public struct AudioFileWriter: Sendable {
    public var interrupt: InterruptFlag

    public init(interrupt: InterruptFlag = InterruptFlag()) {
        self.interrupt = interrupt
    }

    /// Encodes exactly `frameCount` frames from `source` (padded with silence or cut) into
    /// `output` in `format`.
    public func write(
        output: AtomicOutputFile, format: OutputFormat, frameCount: Int, title: String = "soundtrack",
        source: @escaping SoundtrackSource, progress: (Double) -> Void = { _ in }
    ) throws {
        let encoder = try AudioEncoder(
            codec: format.codec, globalHeader: OutputMuxer.needsGlobalHeader(format), output: output.path)
        let muxer = try AudioFileMuxer(output: output, format: format, title: title, encoder: encoder)
        let packets = SoundtrackPackets(encoder: encoder, source: source, frameCount: frameCount, originSeconds: 0)
        var lastReported = -1.0
        while let time = try packets.peekTime() {
            if interrupt.isSet { throw MediaError.interrupted(path: output.path) }
            try muxer.write(packets.take()!)
            let done = frameCount > 0 ? time * Double(AudioChunk.sampleRate) / Double(frameCount) : 1
            if done - lastReported >= 0.01 {
                lastReported = done
                progress(min(1, done))
            }
        }
        try muxer.finish()
        progress(1)
    }
}

/// A muxer holding one stream, the soundtrack. Owns the muxer context; the sink owns the write
/// context over the output's descriptor.
final class AudioFileMuxer {
    private let output: AtomicOutputFile
    private let sink: OutputSink
    private let context: UnsafeMutablePointer<AVFormatContext>
    private let stream: UnsafeMutablePointer<AVStream>

    init(output: AtomicOutputFile, format: OutputFormat, title: String, encoder: AudioEncoder) throws(MediaError) {
        self.output = output
        sink = try OutputSink(descriptor: output.descriptor)
        var allocated: UnsafeMutablePointer<AVFormatContext>?
        let result = avformat_alloc_output_context2(&allocated, nil, format.muxer, nil)
        guard result >= 0, let allocated else {
            throw .internalFailure(operation: "creating a \(format.muxer) muxer", reason: ffmpegErrorText(result))
        }
        context = allocated
        context.pointee.pb = sink.ioContext
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        guard let stream = avformat_new_stream(context, nil) else {
            context.pointee.pb = nil
            avformat_free_context(context)
            throw .internalFailure(operation: "adding the soundtrack stream", reason: "out of memory")
        }
        // From here on the object is whole, so `deinit` frees the context if this throws.
        self.stream = stream
        let copied = avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context)
        guard copied >= 0 else {
            throw .internalFailure(operation: "describing the soundtrack", reason: ffmpegErrorText(copied))
        }
        stream.pointee.time_base = encoder.context.pointee.time_base
        av_dict_set(&context.pointee.metadata, "title", title, 0)
        let header = avformat_write_header(context, nil)
        guard header >= 0 else { throw failure(header, "writing the header") }
    }

    deinit {
        context.pointee.pb = nil  // owned by the sink
        avformat_free_context(context)
    }

    /// Writes (and frees) one packet whose timestamps count samples from the start.
    func write(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        var owned: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&owned) }
        av_packet_rescale_ts(packet, AVRational(num: 1, den: Int32(AudioChunk.sampleRate)), stream.pointee.time_base)
        packet.pointee.stream_index = stream.pointee.index
        let result = av_interleaved_write_frame(context, packet)
        guard result >= 0 else { throw failure(result, "writing the soundtrack") }
    }

    func finish() throws(MediaError) {
        var result = av_write_trailer(context)
        guard result >= 0 else { throw failure(result, "finishing the file") }
        avio_flush(context.pointee.pb)
        result = context.pointee.pb.pointee.error
        guard result >= 0 else { throw failure(result, "finishing the file") }
    }

    private func failure(_ code: Int32, _ operation: String) -> MediaError {
        if sink.writeError != 0 {
            return .cannotWriteOutput(path: output.path, reason: AtomicOutputFile.reason(sink.writeError))
        }
        return .internalFailure(operation: operation, reason: ffmpegErrorText(code))
    }
}
