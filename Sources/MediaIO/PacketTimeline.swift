internal import CFFmpeg

/// Puts every packet the demuxer reads on one clock that rises, the way a player copes with a
/// damaged or old file, so that decoders and muxers can take it: presentation times AVI never
/// stores are worked out, packed B-frames are split, times that go backwards are moved forward
/// or the packet left out, and a jump in the clock (a damaged field, a recording paused for an
/// hour) is closed up so that the work stays bounded by the media that is really there.
/// Both the analysis and the copy read through it, so they see the same times.
final class PacketTimeline {
    /// A gap or step back in the clock larger than this, across all streams, is a discontinuity.
    static let largestGapSeconds = 10.0
    /// A packet further back than this behind its stream's last one cannot be placed.
    static let largestStepBackSeconds = 1.0
    /// Most packets kept while a stream has not yet told its first time.
    static let largestUntimedRun = 512

    private final class Stream {
        let timeBase: AVRational
        /// Sound and pictures set the clock; sparse streams (subtitles, data) only follow it.
        let setsClock: Bool
        let frameTicks: Int64
        let unpacker: BFrameUnpacker?
        let reorder: FrameReorder?
        var lastDecodeTime: Int64?
        /// Packets met before the stream's first time, placed backwards from it once it comes.
        var untimed: [UnsafeMutablePointer<AVPacket>] = []

        init(_ stream: UnsafeMutablePointer<AVStream>, container: String) {
            timeBase = stream.pointee.time_base
            let parameters = stream.pointee.codecpar.pointee
            setsClock = parameters.codec_type == AVMEDIA_TYPE_VIDEO || parameters.codec_type == AVMEDIA_TYPE_AUDIO
            var frameSeconds = 0.0
            if parameters.codec_type == AVMEDIA_TYPE_VIDEO {
                let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
                if rate.num > 0, rate.den > 0 { frameSeconds = rate.seconds > 0 ? 1 / rate.seconds : 0 }
            } else if parameters.codec_type == AVMEDIA_TYPE_AUDIO, parameters.sample_rate > 0 {
                frameSeconds = Double(parameters.frame_size) / Double(parameters.sample_rate)
            }
            frameTicks = max(1, Int64((frameSeconds / max(timeBase.seconds, 1e-12)).rounded()))
            unpacker = parameters.codec_id == AV_CODEC_ID_MPEG4 ? BFrameUnpacker(stream: stream) : nil
            // AVI keeps decode order only; the demuxer's presentation times are guesses.
            let codec: FrameReorder.Codec? =
                switch parameters.codec_id {
                case AV_CODEC_ID_MPEG4: .mpeg4
                case AV_CODEC_ID_MPEG1VIDEO, AV_CODEC_ID_MPEG2VIDEO: .mpeg12
                default: nil
                }
            let ticks = frameTicks
            reorder = container.split(separator: ",").contains("avi") ? codec.map { FrameReorder(codec: $0, frameTicks: ticks) } : nil
        }

        func reset() {
            for var packet in untimed.map(Optional.some) { av_packet_free(&packet) }
            untimed = []
            unpacker?.reset()
            reorder?.reset()
            lastDecodeTime = nil
        }
    }

    private let streams: [Stream]
    private var ready: [UnsafeMutablePointer<AVPacket>] = []
    private var readyHead = 0
    /// Seconds added to every time read, to close the discontinuities met so far.
    private var offsetSeconds = 0.0
    /// The latest time met on any stream, after the offset.
    private var latestSeconds: Double?
    private var finished = false
    private(set) var repairs = TimestampRepairs()

    init(context: UnsafeMutablePointer<AVFormatContext>) {
        let container = String(cString: context.pointee.iformat.pointee.name)
        streams = (0..<Int(context.pointee.nb_streams)).map { Stream(context.pointee.streams[$0]!, container: container) }
    }

    deinit {
        discardReady()
    }

    /// Takes the reference out of `packet`.
    func push(_ packet: UnsafeMutablePointer<AVPacket>) {
        let index = Int(packet.pointee.stream_index)
        guard index >= 0, index < streams.count else {
            av_packet_unref(packet)
            return
        }
        let stream = streams[index]
        if let unpacker = stream.unpacker {
            unpacker.filter(packet) { place($0, stream) }
        } else {
            place(packet, stream)
        }
    }

    /// Hands out what is still held at the end of the file.
    func finish() {
        guard !finished else { return }
        finished = true
        for stream in streams {
            stream.unpacker?.filter(nil) { place($0, stream) }
            repairs.dropped += stream.untimed.count
            for held in stream.untimed { free(held) }
            stream.untimed = []
            stream.reorder?.finish { ready.append($0) }
        }
    }

    /// Moves the next packet into `packet`; false when none is ready.
    func take(into packet: UnsafeMutablePointer<AVPacket>) -> Bool {
        guard readyHead < ready.count else { return false }
        var next: UnsafeMutablePointer<AVPacket>? = ready[readyHead]
        av_packet_move_ref(packet, next!)
        av_packet_free(&next)
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        return true
    }

    /// Forgets what is held, after a seek; the offset found so far is kept.
    func reset() {
        discardReady()
        for stream in streams { stream.reset() }
        latestSeconds = nil
        finished = false
    }

    private func discardReady() {
        for index in readyHead..<ready.count {
            var packet: UnsafeMutablePointer<AVPacket>? = ready[index]
            av_packet_free(&packet)
        }
        ready.removeAll()
        readyHead = 0
    }

    /// Gives one packet its times and queues it, or leaves it out. Takes the reference.
    private func place(_ source: UnsafeMutablePointer<AVPacket>, _ stream: Stream) {
        guard let packet = av_packet_alloc() else {
            av_packet_unref(source)
            return
        }
        av_packet_move_ref(packet, source)
        if stream.reorder != nil { packet.pointee.pts = noPTS }
        closeGaps(packet, stream)

        if packet.pointee.dts == noPTS, packet.pointee.pts == noPTS || stream.reorder != nil {
            guard let last = stream.lastDecodeTime else {
                // The first packets of a file whose times start below zero can come without any;
                // they hold the first key frame, so they are kept and placed once a time comes.
                if stream.untimed.count < Self.largestUntimedRun {
                    stream.untimed.append(packet)
                } else {
                    repairs.dropped += 1
                    free(packet)
                }
                return
            }
            packet.pointee.dts = last + (packet.pointee.duration > 0 ? packet.pointee.duration : stream.frameTicks)
            if stream.reorder == nil { packet.pointee.pts = packet.pointee.dts }
            repairs.generated += 1
        } else if packet.pointee.pts == noPTS, stream.reorder == nil {
            packet.pointee.pts = packet.pointee.dts
            repairs.generated += 1
        }

        if packet.pointee.dts != noPTS, let last = stream.lastDecodeTime, packet.pointee.dts <= last {
            if Double(last - packet.pointee.dts) * stream.timeBase.seconds > Self.largestStepBackSeconds {
                repairs.dropped += 1
                free(packet)
                return
            }
            packet.pointee.dts = last + 1
            if packet.pointee.pts != noPTS, packet.pointee.pts < packet.pointee.dts { packet.pointee.pts = packet.pointee.dts }
            repairs.raised += 1
        }
        if packet.pointee.pts != noPTS, packet.pointee.dts != noPTS, packet.pointee.pts < packet.pointee.dts {
            packet.pointee.pts = packet.pointee.dts
            repairs.raised += 1
        }
        if !stream.untimed.isEmpty { placeUntimed(before: packet, stream) }
        if packet.pointee.dts != noPTS { stream.lastDecodeTime = packet.pointee.dts }

        if let reorder = stream.reorder {
            reorder.push(packet) { ready.append($0) }
        } else {
            ready.append(packet)
        }
    }

    /// Gives the packets held without a time the times before `packet`'s, one frame apart, and queues them.
    private func placeUntimed(before packet: UnsafeMutablePointer<AVPacket>, _ stream: Stream) {
        let first = packet.pointee.dts != noPTS ? packet.pointee.dts : packet.pointee.pts
        guard first != noPTS else { return }
        let count = Int64(stream.untimed.count)
        for (index, held) in stream.untimed.enumerated() {
            held.pointee.dts = first - (count - Int64(index)) * stream.frameTicks
            held.pointee.pts = held.pointee.dts
            if let reorder = stream.reorder {
                reorder.push(held) { ready.append($0) }
            } else {
                ready.append(held)
            }
        }
        repairs.placedBeforeStart += stream.untimed.count
        stream.untimed = []
    }

    /// Shifts the packet by the offset, and grows the offset when the packet jumps away from
    /// the latest time on the clock.
    private func closeGaps(_ packet: UnsafeMutablePointer<AVPacket>, _ stream: Stream) {
        let raw = packet.pointee.dts != noPTS ? packet.pointee.dts : packet.pointee.pts
        guard raw != noPTS else { return }
        if stream.setsClock {
            let time = Double(raw) * stream.timeBase.seconds + offsetSeconds
            if let latest = latestSeconds, abs(time - latest) > Self.largestGapSeconds {
                offsetSeconds += latest - time
                repairs.discontinuities += 1
            }
            let shifted = Double(raw) * stream.timeBase.seconds + offsetSeconds
            latestSeconds = max(latestSeconds ?? shifted, shifted)
        }
        guard offsetSeconds != 0 else { return }
        let ticks = Int64((offsetSeconds / stream.timeBase.seconds).rounded())
        if packet.pointee.dts != noPTS { packet.pointee.dts += ticks }
        if packet.pointee.pts != noPTS { packet.pointee.pts += ticks }
    }

    private func free(_ packet: UnsafeMutablePointer<AVPacket>) {
        var owned: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&owned)
    }
}
