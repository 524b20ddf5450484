#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// The output side of a remux: a muxer context whose streams mirror the input's, plus the new
/// soundtrack stream. Owns the muxer and its write context.
final class OutputMuxer {
    private let demuxer: Demuxer
    private let output: AtomicOutputFile
    private let sink: OutputSink
    private var context: UnsafeMutablePointer<AVFormatContext>?
    /// Output stream index for each input stream, or nil when the stream is not copied.
    private var mapping: [Int?]
    private var soundtrackIndex = -1
    private var headerWritten = false
    /// Cover pictures to hand an MP4 or QuickTime muxer once its header is written.
    private var covers: [(input: Int, output: Int)] = []
    /// Damaged input packets the muxer could not take and that were left out.
    private(set) var skippedPackets = 0
    private(set) var summary = WriteSummary(copiedStreams: [], droppedStreams: [], soundtrackStreamIndex: -1)
    /// The soundtrack's language: none, it is music.
    static let soundtrackLanguage = "zxx"

    /// Mirrors the input's streams and puts the soundtrack first among the audio streams, so that
    /// players which ignore the default flag still pick it. `keeping` names the input streams to
    /// copy (nil: every one the container can hold).
    init(
        demuxer: Demuxer, output: AtomicOutputFile, format: OutputFormat, title: String, encoder: AudioEncoder,
        soundtrackFirst: Bool, keeping: Set<Int>? = nil
    ) throws(MediaError) {
        self.demuxer = demuxer
        self.output = output
        sink = try OutputSink(descriptor: output.descriptor)
        mapping = Array(repeating: nil, count: demuxer.info.streams.count)
        var context: UnsafeMutablePointer<AVFormatContext>?
        let result = avformat_alloc_output_context2(&context, nil, format.muxer, nil)
        guard result >= 0, let context else {
            throw .internalFailure(operation: "creating a \(format.muxer) muxer", reason: ffmpegErrorText(result))
        }
        self.context = context
        context.pointee.pb = sink.ioContext
        context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        av_dict_copy(&context.pointee.metadata, demuxer.context!.pointee.metadata, 0)
        Self.copyChapters(from: demuxer.context!, to: context)
        soundtrackTitle = title
        try copyStreams(encoder: encoder, soundtrackFirst: soundtrackFirst, keeping: keeping)
    }

    deinit {
        if let context {
            context.pointee.pb = nil  // owned by the sink
            avformat_free_context(context)
        }
    }

    /// Whether encoders must put their headers in the stream parameters for this container.
    static func needsGlobalHeader(_ format: OutputFormat) -> Bool {
        guard let muxer = av_guess_format(format.muxer, nil, nil) else { return false }
        return muxer.pointee.flags & AVFMT_GLOBALHEADER != 0
    }

    /// Whether `format` can hold every video and audio stream of `info` copied as it is (an MP4
    /// cannot hold the linear PCM a camera records beside its video; QuickTime and Matroska can).
    /// The streams left out anyway (data, and subtitles a container has no form for) do not count.
    static func holdsStreams(of info: MediaInfo, in format: OutputFormat) -> Bool {
        guard let muxer = av_guess_format(format.muxer, nil, nil) else { return false }
        return info.streams.allSatisfy { stream in
            guard stream.kind == .video || stream.kind == .audio,
                let descriptor = avcodec_descriptor_get_by_name(stream.codecName)
            else { return true }
            return canHold(muxer, descriptor.pointee.id)
        }
    }

    private let soundtrackTitle: String

    private func copyStreams(encoder: AudioEncoder, soundtrackFirst: Bool, keeping: Set<Int>?) throws(MediaError) {
        let formatContext = context!
        let outputFormat = formatContext.pointee.oformat!
        for info in demuxer.info.streams {
            if let keeping, !keeping.contains(info.index) {
                summary.droppedStreams.append(info.index)
                continue
            }
            if soundtrackFirst && info.kind == .audio && soundtrackIndex < 0 { try addSoundtrack(encoder: encoder) }
            let input = demuxer.stream(info.index)
            let parameters = input.pointee.codecpar!
            if let missing = Self.missingParameters(info, parameters.pointee) {
                // A stream the probe found no packets for (a truncated recording) has nothing to
                // copy; one whose codec set-up was damaged cannot be described to any muxer.
                guard info.index != demuxer.info.videoStreamIndex else {
                    throw .notAVideo(path: demuxer.path, reason: "its video stream is damaged: \(missing)")
                }
                summary.droppedStreams.append(info.index)
                summary.notes.append("left out \(info.kind.rawValue) stream \(info.index) (\(info.codecName)): \(missing)")
                continue
            }
            if info.isAttachedPicture || info.kind == .attachment {
                if try addAttachment(info, from: input, to: outputFormat) {
                    summary.copiedStreams.append(info.index)
                } else {
                    summary.droppedStreams.append(info.index)
                }
                continue
            }
            let supported = Self.canHold(outputFormat, parameters.pointee.codec_id)
            if info.kind == .data || info.kind == .unknown || !supported {
                let container = String(cString: outputFormat.pointee.name)
                if info.kind == .video {
                    throw .unsupportedOutput(
                        path: output.path, reason: "\(container) cannot hold the \(info.codecName) video stream")
                }
                if info.kind == .subtitle || info.kind == .audio {
                    // Words a viewer reads, or sound the container has no form for (Flash's
                    // ADPCM; PCM in an MP4 named with -o): say so when they go. The original keeps them.
                    summary.notes.append(
                        "left out \(info.kind.rawValue) stream \(info.index) (\(info.codecName)): "
                            + "\(container) cannot hold it as it is")
                }
                summary.droppedStreams.append(info.index)
                continue
            }
            let stream = try newStream(copying: input)
            stream.pointee.codecpar.pointee.codec_tag = Self.keptTag(parameters.pointee, outputFormat)
            stream.pointee.avg_frame_rate = input.pointee.avg_frame_rate
            stream.pointee.r_frame_rate = input.pointee.r_frame_rate
            stream.pointee.sample_aspect_ratio = input.pointee.sample_aspect_ratio
            stream.pointee.disposition = input.pointee.disposition
            if info.kind == .audio { stream.pointee.disposition &= ~AV_DISPOSITION_DEFAULT }
            for sideIndex in 0..<Int(input.pointee.nb_side_data) {
                let side = input.pointee.side_data[sideIndex]
                if let copy = av_stream_new_side_data(stream, side.type, side.size) {
                    memcpy(copy, side.data, side.size)
                }
            }
            mapping[info.index] = Int(stream.pointee.index)
            summary.copiedStreams.append(info.index)
        }
        if soundtrackIndex < 0 { try addSoundtrack(encoder: encoder) }
    }

    /// Copies the input's chapters (a film's or a camera's chapter marks) as they are: the copy
    /// keeps the input's clock. The muxer frees them with its context.
    private static func copyChapters(
        from input: UnsafeMutablePointer<AVFormatContext>, to output: UnsafeMutablePointer<AVFormatContext>
    ) {
        let count = Int(input.pointee.nb_chapters)
        guard count > 0,
            let list = av_calloc(count, MemoryLayout<UnsafeMutablePointer<AVChapter>?>.size)?
                .assumingMemoryBound(to: UnsafeMutablePointer<AVChapter>?.self)
        else { return }
        var copied = 0
        for index in 0..<count {
            guard let source = input.pointee.chapters[index],
                let chapter = av_mallocz(MemoryLayout<AVChapter>.size)?.assumingMemoryBound(to: AVChapter.self)
            else { continue }
            chapter.pointee.id = source.pointee.id
            chapter.pointee.time_base = source.pointee.time_base
            chapter.pointee.start = source.pointee.start
            chapter.pointee.end = source.pointee.end
            av_dict_copy(&chapter.pointee.metadata, source.pointee.metadata, 0)
            list[copied] = chapter
            copied += 1
        }
        output.pointee.chapters = list
        output.pointee.nb_chapters = UInt32(copied)
    }

    /// Cover pictures and attached files (fonts for subtitles), which no timed packet carries.
    /// Matroska keeps both as attachments, a cover as the picture file it was; MP4 and QuickTime
    /// keep a cover as their cover art, handed over with the header; other containers have no
    /// place for them. Returns whether the stream was kept.
    private func addAttachment(
        _ info: StreamInfo, from input: UnsafeMutablePointer<AVStream>, to format: UnsafePointer<AVOutputFormat>
    ) throws(MediaError) -> Bool {
        let muxer = String(cString: format.pointee.name)
        let cover = input.pointee.attached_pic
        if muxer == "mov" || muxer == "mp4" {
            guard info.isAttachedPicture, cover.size > 0 else { return false }
            let stream = try newStream(copying: input)
            stream.pointee.disposition = AV_DISPOSITION_ATTACHED_PIC
            covers.append((input: info.index, output: Int(stream.pointee.index)))
            return true
        }
        guard muxer == "matroska" else { return false }
        if info.kind == .attachment {
            guard input.pointee.codecpar.pointee.extradata_size > 0 else { return false }
            _ = try newStream(copying: input)
            return true
        }
        let picture: (file: String, mime: String)
        switch input.pointee.codecpar.pointee.codec_id {
        case AV_CODEC_ID_MJPEG: picture = ("cover.jpg", "image/jpeg")
        case AV_CODEC_ID_PNG: picture = ("cover.png", "image/png")
        default: return false
        }
        guard cover.size > 0, let bytes = av_mallocz(Int(cover.size) + Int(AV_INPUT_BUFFER_PADDING_SIZE)) else {
            return false
        }
        memcpy(bytes, cover.data, Int(cover.size))
        let stream = try newStream(copying: input)
        let parameters = stream.pointee.codecpar!
        av_freep(&parameters.pointee.extradata)
        parameters.pointee.codec_type = AVMEDIA_TYPE_ATTACHMENT
        parameters.pointee.extradata = bytes.assumingMemoryBound(to: UInt8.self)
        parameters.pointee.extradata_size = cover.size
        stream.pointee.disposition = 0
        if av_dict_get(stream.pointee.metadata, "filename", nil, 0) == nil {
            av_dict_set(&stream.pointee.metadata, "filename", picture.file, 0)
        }
        if av_dict_get(stream.pointee.metadata, "mimetype", nil, 0) == nil {
            av_dict_set(&stream.pointee.metadata, "mimetype", picture.mime, 0)
        }
        return true
    }

    /// A new output stream with `input`'s codec parameters (no codec tag), time base and metadata.
    private func newStream(copying input: UnsafeMutablePointer<AVStream>) throws(MediaError) -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else {
            throw .internalFailure(operation: "adding a stream", reason: "out of memory")
        }
        let result = avcodec_parameters_copy(stream.pointee.codecpar, input.pointee.codecpar)
        guard result >= 0 else {
            throw .internalFailure(operation: "copying stream parameters", reason: ffmpegErrorText(result))
        }
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = input.pointee.time_base
        av_dict_copy(&stream.pointee.metadata, input.pointee.metadata, 0)
        return stream
    }

    /// Why a stream cannot be described to a muxer, or nil when it can.
    private static func missingParameters(_ info: StreamInfo, _ parameters: AVCodecParameters) -> String? {
        // A damaged header can name a codec FFmpeg does not know, which no container can hold.
        // (An attachment of a type FFmpeg has no codec for is copied with its mimetype.)
        if info.kind == .audio || info.kind == .video, parameters.codec_id == AV_CODEC_ID_NONE {
            return "its codec is not one FFmpeg knows"
        }
        if parameters.extradata_size <= 0 && setUpInHeaders.contains(parameters.codec_id) {
            return "its codec set-up (\(info.codecName) headers) is missing"
        }
        switch info.kind {
        case .audio where info.sampleRate <= 0 || info.channels <= 0:
            return "the file holds no sound for it"
        case .video where info.width <= 0 || info.height <= 0:
            return "the file holds no pictures for it"
        default:
            return nil
        }
    }

    /// Codecs whose streams cannot be decoded or muxed without the set-up headers the demuxer
    /// puts in the stream's extradata (Ogg and Matroska carry them apart from the packets).
    private static let setUpInHeaders: Set<AVCodecID> = [AV_CODEC_ID_VORBIS, AV_CODEC_ID_THEORA]

    /// Whether the container can hold the codec. Matroska and QuickTime hold any video codec that
    /// has an AVI (VFW) tag, as mkvmerge and ffmpeg write it, though FFmpeg's query only lists
    /// the codecs with a name of their own there: Sorenson Spark from FLV is one.
    static func canHold(_ format: UnsafePointer<AVOutputFormat>, _ codec: AVCodecID) -> Bool {
        if avformat_query_codec(format, codec, FF_COMPLIANCE_NORMAL) == 1 { return true }
        guard ["matroska", "mov"].contains(String(cString: format.pointee.name)),
            avcodec_get_type(codec) == AVMEDIA_TYPE_VIDEO
        else { return false }
        var tables: [OpaquePointer?] = [avformat_get_riff_video_tags(), nil]
        return av_codec_get_tag(&tables, codec) != 0
    }

    /// ffmpeg keeps the input's codec tag only when the output container knows it for this codec.
    private static func keptTag(_ parameters: AVCodecParameters, _ format: UnsafePointer<AVOutputFormat>) -> UInt32 {
        let tag = parameters.codec_tag
        guard tag != 0, let table = format.pointee.codec_tag else { return tag }
        if av_codec_get_id(table, tag) == parameters.codec_id { return tag }
        var known: UInt32 = 0
        return av_codec_get_tag2(table, parameters.codec_id, &known) == 0 ? tag : 0
    }

    /// Adds the soundtrack stream, marked default.
    private func addSoundtrack(encoder: AudioEncoder) throws(MediaError) {
        guard let stream = avformat_new_stream(context, nil) else {
            throw .internalFailure(operation: "adding the soundtrack stream", reason: "out of memory")
        }
        let result = avcodec_parameters_from_context(stream.pointee.codecpar, encoder.context)
        guard result >= 0 else {
            throw .internalFailure(operation: "describing the soundtrack", reason: ffmpegErrorText(result))
        }
        stream.pointee.time_base = encoder.context.pointee.time_base
        stream.pointee.disposition = AV_DISPOSITION_DEFAULT
        av_dict_set(&stream.pointee.metadata, "title", soundtrackTitle, 0)
        av_dict_set(&stream.pointee.metadata, "handler_name", soundtrackTitle, 0)
        av_dict_set(&stream.pointee.metadata, "language", Self.soundtrackLanguage, 0)
        soundtrackIndex = Int(stream.pointee.index)
        summary.soundtrackStreamIndex = soundtrackIndex
    }

    func writeHeader() throws(MediaError) {
        let result = avformat_write_header(context, nil)
        guard result >= 0 else { throw writeFailure(result, "writing the header") }
        headerWritten = true
        for cover in covers {
            // The MP4 muxer keeps the picture and writes it as cover art at the end.
            var picture: UnsafeMutablePointer<AVPacket>? = av_packet_clone(&demuxer.stream(cover.input).pointee.attached_pic)
            defer { av_packet_free(&picture) }
            guard let packet = picture else { continue }
            packet.pointee.stream_index = Int32(cover.output)
            packet.pointee.pts = 0
            packet.pointee.dts = 0
            let written = av_write_frame(context, packet)
            guard written >= 0 else { throw writeFailure(written, "writing the cover picture") }
        }
    }

    /// Seconds of an input packet's decode time, for interleaving; nil when the packet is not copied.
    func timeOfInputPacket(_ packet: UnsafeMutablePointer<AVPacket>) -> Double? {
        let index = Int(packet.pointee.stream_index)
        guard index < mapping.count, mapping[index] != nil else { return nil }
        let timeBase = demuxer.stream(index).pointee.time_base
        let timestamp = packet.pointee.dts != noPTS ? packet.pointee.dts : packet.pointee.pts
        return seconds(timestamp, timeBase) ?? -Double.infinity
    }

    func writeCopied(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        let inputIndex = Int(packet.pointee.stream_index)
        guard let outputIndex = mapping[inputIndex] else { return }
        let outputStream = context!.pointee.streams[outputIndex]!
        av_packet_rescale_ts(packet, demuxer.stream(inputIndex).pointee.time_base, outputStream.pointee.time_base)
        packet.pointee.stream_index = Int32(outputIndex)
        packet.pointee.pos = -1
        let result = av_interleaved_write_frame(context, packet)
        if result == st_averror_invaliddata() || result == st_averror_patchwelcome(), sink.writeError == 0,
            headerWritten
        {
            // A damaged frame the container's own filter cannot parse (an ADTS header in a
            // broken MPEG-TS, or one whose damage reads as a layout FFmpeg has not implemented,
            // such as several raw blocks with a CRC): left out, as a player skips it.
            skippedPackets += 1
            return
        }
        guard result >= 0 else {
            // The timeline repairs what a player would tolerate; a muxer that still refuses a
            // packet of the input's has been handed damage no repair can place.
            if result == st_averror(EINVAL), sink.writeError == 0, headerWritten {
                throw .notAVideo(
                    path: demuxer.path,
                    reason: "its stream \(inputIndex) has timestamps that cannot be put in order")
            }
            throw writeFailure(result, "copying a packet")
        }
    }

    /// Writes (and frees) one soundtrack packet whose timestamps count samples from the first video frame.
    func writeSoundtrack(_ packet: UnsafeMutablePointer<AVPacket>, origin: Double) throws(MediaError) {
        var owned: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&owned) }
        let stream = context!.pointee.streams[soundtrackIndex]!
        let sampleBase = AVRational(num: 1, den: Int32(AudioChunk.sampleRate))
        let offset = Int64((origin * Double(AudioChunk.sampleRate)).rounded())
        if packet.pointee.pts != noPTS { packet.pointee.pts += offset }
        if packet.pointee.dts != noPTS { packet.pointee.dts += offset }
        av_packet_rescale_ts(packet, sampleBase, stream.pointee.time_base)
        packet.pointee.stream_index = Int32(soundtrackIndex)
        let result = av_interleaved_write_frame(context, packet)
        guard result >= 0 else { throw writeFailure(result, "writing the soundtrack") }
    }

    func finish() throws(MediaError) {
        var result = av_write_trailer(context)
        guard result >= 0 else { throw writeFailure(result, "finishing the file") }
        avio_flush(context!.pointee.pb)
        result = context!.pointee.pb.pointee.error
        guard result >= 0 else { throw writeFailure(result, "finishing the file") }
    }

    private func writeFailure(_ code: Int32, _ operation: String) -> MediaError {
        if sink.writeError != 0 {
            return .cannotWriteOutput(path: output.path, reason: AtomicOutputFile.reason(sink.writeError))
        }
        if demuxer.info.streams.isEmpty || !headerWritten {
            return .unsupportedOutput(path: output.path, reason: "the muxer refused the streams (\(ffmpegErrorText(code)))")
        }
        return .internalFailure(operation: operation, reason: ffmpegErrorText(code))
    }
}
