internal import CFFmpeg

/// What one read of a file found.
public struct ReadSummary: Sendable {
    public var info: MediaInfo
    /// Container time of the first video frame, in seconds; every other time is relative to it.
    public var origin: Double
    /// From the first video frame to the end of the last one, in seconds.
    public var videoDuration: Double
    /// Video packets in the main stream.
    public var videoPacketCount: Int
    /// Audio frames (48 kHz) delivered on the video timeline.
    public var audioFrameCount: Int
    /// What had to be done to the file's timestamps to read it (see `PacketTimeline`).
    public var timestampRepairs = TimestampRepairs()
}

/// Reads a video once, front to back, and hands out what analysis needs: small pictures,
/// 48 kHz stereo audio and subtitle lines. Memory stays bounded: nothing is kept after the
/// callbacks return.
public struct MediaReader: Sendable {
    public var limits: InputLimits
    public var interrupt: InterruptFlag

    public init(limits: InputLimits = .default, interrupt: InterruptFlag = InterruptFlag()) {
        self.limits = limits
        self.interrupt = interrupt
    }

    /// Opens the file, checks it is a usable video, and describes its streams.
    public func probe(_ path: String) throws(MediaError) -> MediaInfo {
        try probe(InputFile(path: path))
    }

    public func probe(_ file: InputFile) throws(MediaError) -> MediaInfo {
        try Demuxer(file: file, limits: limits, interrupt: interrupt).info
    }

    /// Reads the file. Pass nil for `video` to skip decoding pictures; `onAudio` and
    /// `onSubtitle` are called only when given.
    public func read(
        _ path: String,
        video: VideoReadOptions?,
        onVideo: (VideoFrame) throws -> Void = { _ in },
        onAudio: ((AudioChunk) throws -> Void)? = nil,
        onSubtitle: ((SubtitleCue) -> Void)? = nil,
        progress: (Double) -> Void = { _ in }
    ) throws -> ReadSummary {
        try read(
            InputFile(path: path), video: video, onVideo: onVideo, onAudio: onAudio, onSubtitle: onSubtitle,
            progress: progress)
    }

    /// Reads the file, or with `segment` only the pictures of one stretch of it: from a key
    /// frame time given by `splitPoints` up to (not including) the next one. Times are seconds
    /// from the first video frame.
    public func read(
        _ file: InputFile,
        video: VideoReadOptions?,
        segment: Range<Double>? = nil,
        onVideo: (VideoFrame) throws -> Void = { _ in },
        onAudio: ((AudioChunk) throws -> Void)? = nil,
        onSubtitle: ((SubtitleCue) -> Void)? = nil,
        progress: (Double) -> Void = { _ in }
    ) throws -> ReadSummary {
        let path = file.path
        let demuxer = try Demuxer(file: file, limits: limits, interrupt: interrupt)
        let info = demuxer.info
        let videoStream = demuxer.stream(info.videoStreamIndex)
        let origin = Self.origin(of: demuxer)
        let segmentStart = segment?.lowerBound ?? 0
        let segmentEnd = segment?.upperBound ?? .infinity
        if segmentStart > 0 {
            let target = Int64(((segmentStart + origin) / videoStream.pointee.time_base.seconds).rounded())
            let result = demuxer.seek(to: target, stream: info.videoStreamIndex)
            if result < 0 {
                throw MediaError.internalFailure(operation: "seeking to \(segmentStart) s", reason: ffmpegErrorText(result))
            }
        }
        // Each picture comes from exactly one segment: a segment decodes the packets from its
        // first key frame up to the next segment's, and drops pictures shown before its own
        // first key frame (leading pictures that refer to the previous segment).
        var firstKeyTime: Double? = segmentStart > 0 ? nil : -.infinity
        var decodedPictures = 0
        let deliverVideo: (VideoFrame) throws -> Void = { frame in
            decodedPictures += 1
            if let start = firstKeyTime, frame.time >= start - 0.0005 { try onVideo(frame) }
        }

        let videoDecoder = try video.map { options throws(MediaError) in
            try VideoFrameDecoder(stream: videoStream, path: path, limits: limits, options: options, origin: origin)
        }
        var audioDecoder: AudioSampleDecoder?
        if onAudio != nil, let index = info.audioStreamIndex {
            audioDecoder = try? AudioSampleDecoder(stream: demuxer.stream(index), path: path, origin: origin)
        }
        var subtitleDecoders: [Int: SubtitleTextDecoder] = [:]
        if onSubtitle != nil {
            for stream in info.subtitleStreams {
                subtitleDecoders[stream.index] = try? SubtitleTextDecoder(
                    stream: demuxer.stream(stream.index), path: path, origin: origin)
            }
        }
        // Only the streams someone asked for are demuxed; the rest are discarded by FFmpeg.
        for index in 0..<info.streams.count {
            let wanted = index == info.videoStreamIndex
                || (audioDecoder != nil && index == info.audioStreamIndex)
                || subtitleDecoders[index] != nil
            if !wanted { demuxer.stream(index).pointee.discard = AVDISCARD_ALL }
        }

        let videoTimeBase = videoStream.pointee.time_base
        let fallbackFrameSeconds = info.video.frameRate > 0 ? 1 / info.video.frameRate : 0
        var videoEnd = 0.0
        var videoPackets = 0
        var audioFrames = 0
        let deliverAudio: (AudioChunk) throws -> Void = { chunk in
            audioFrames += chunk.frameCount
            try onAudio?(chunk)
        }
        let packet = try Packet()
        var lastReported = -1.0
        reading: while try demuxer.read(into: packet) {
            defer { packet.unreference() }
            let index = packet.streamIndex
            if index == info.videoStreamIndex {
                if let start = seconds(packet.pointer.pointee.pts, videoTimeBase) {
                    // Key frames are decoded in order, so the next segment's first key frame ends this one.
                    if start - origin >= segmentEnd - 0.0005 && packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 {
                        break reading
                    }
                    if firstKeyTime == nil && packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 {
                        firstKeyTime = start - origin
                    }
                    let length = Double(packet.pointer.pointee.duration) * videoTimeBase.seconds
                    videoEnd = max(videoEnd, start - origin + (length > 0 ? length : fallbackFrameSeconds))
                }
                videoPackets += 1
                try videoDecoder?.decode(packet.pointer, deliverVideo)
            } else if index == info.audioStreamIndex, let audioDecoder {
                try audioDecoder.decode(packet.pointer, deliverAudio)
            } else if let subtitles = subtitleDecoders[index], let cue = subtitles.decode(packet.pointer) {
                onSubtitle?(cue)
            }
            let fraction = demuxer.progress
            if fraction - lastReported >= 0.01 {
                lastReported = fraction
                progress(fraction)
            }
        }
        try videoDecoder?.decode(nil, deliverVideo)
        try audioDecoder?.decode(nil, deliverAudio)
        if interrupt.isSet { throw MediaError.interrupted(path: path) }
        guard videoPackets > 0 else {
            throw MediaError.notAVideo(path: path, reason: "its video stream holds no pictures")
        }
        if videoDecoder != nil, decodedPictures == 0, segment == nil {
            throw MediaError.notAVideo(path: path, reason: Self.undecodableReason(limits: limits))
        }
        progress(1)
        return ReadSummary(
            info: info, origin: origin, videoDuration: videoEnd, videoPacketCount: videoPackets,
            audioFrameCount: audioFrames, timestampRepairs: demuxer.timestampRepairs)
    }

    /// Decodes every picture strictly inside each of `gaps` (seconds from the first video frame),
    /// for placing a cut that a reference-frames-only read saw between two pictures. Each gap is
    /// reached by seeking to the key frame before it and decoding reference frames up to it;
    /// a gap more than `maximumLeadSeconds` or `maximumPackets` packets after its key frame is
    /// left out, so the cost stays a few frames per gap on short-GOP material (MPEG-2, phones)
    /// and near zero on long-GOP material, where the caller keeps its estimate.
    public func pictures(
        _ file: InputFile, inside gaps: [ClosedRange<Double>], width: Int = 64, height: Int = 36,
        maximumPackets: Int = 40, maximumLeadSeconds: Double = 1.0, onVideo: (Int, VideoFrame) throws -> Void
    ) throws {
        guard !gaps.isEmpty else { return }
        let demuxer = try Demuxer(file: file, limits: limits, interrupt: interrupt)
        let info = demuxer.info
        let videoStream = demuxer.stream(info.videoStreamIndex)
        let origin = Self.origin(of: demuxer)
        let timeBase = videoStream.pointee.time_base
        for index in 0..<info.streams.count where index != info.videoStreamIndex {
            demuxer.stream(index).pointee.discard = AVDISCARD_ALL
        }
        let packet = try Packet()
        let options = VideoReadOptions(frames: .references, width: width, height: height, threads: 1)
        for (gapIndex, gap) in gaps.enumerated() {
            // Containers without an index (MPEG-PS) seek by timestamp to about the right place,
            // not to a key frame: aim a little early and start decoding at the next key frame.
            let target = Int64(((gap.lowerBound - 0.5 + origin) / timeBase.seconds).rounded())
            guard demuxer.seek(to: target, stream: info.videoStreamIndex) >= 0 else {
                continue
            }
            let decoder = try VideoFrameDecoder(
                stream: videoStream, path: file.path, limits: limits, options: options, origin: origin)
            var packets = 0
            var started = false
            var passed = false
            let deliver: (VideoFrame) throws -> Void = { frame in
                if frame.time >= gap.upperBound - 0.0005 { passed = true }
                if frame.time > gap.lowerBound + 0.0005, frame.time < gap.upperBound - 0.0005 {
                    try onVideo(gapIndex, frame)
                }
            }
            while !passed, packets < maximumPackets, try demuxer.read(into: packet) {
                defer { packet.unreference() }
                guard packet.streamIndex == info.videoStreamIndex else { continue }
                if !started, packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 {
                    started = true
                    // A key frame far before the gap (long-GOP H.264) costs more than the gap is worth.
                    if let time = seconds(packet.pointer.pointee.pts, timeBase), gap.lowerBound - (time - origin) > maximumLeadSeconds {
                        break
                    }
                }
                guard started else { continue }
                packets += 1
                if let time = seconds(packet.pointer.pointee.pts, timeBase), time - origin > gap.lowerBound + 0.0005 {
                    decoder.decodeEveryFrame()
                }
                try decoder.decode(packet.pointer, deliver)
            }
            if !passed { try decoder.decode(nil, deliver) }
        }
    }

    /// Key-frame times (seconds from the first video frame) that cut the video into about
    /// `parts` stretches of similar length, so that they can be decoded in parallel; empty when
    /// the container has no index to seek by, or the video is too short to be worth it.
    public func splitPoints(_ file: InputFile, parts: Int, minimumSeconds: Double = 60) throws -> [Double] {
        guard parts > 1 else { return [] }
        let demuxer = try Demuxer(file: file, limits: limits, interrupt: interrupt)
        let stream = demuxer.stream(demuxer.info.videoStreamIndex)
        let origin = Self.origin(of: demuxer)
        let timeBase = stream.pointee.time_base
        let count = avformat_index_get_entries_count(stream)
        guard count > 1, let last = avformat_index_get_entry(stream, count - 1),
            let end = seconds(last.pointee.timestamp, timeBase).map({ $0 - origin }), end >= minimumSeconds
        else { return [] }
        var points: [Double] = []
        for part in 1..<parts {
            let wanted = end * Double(part) / Double(parts) + origin
            let index = av_index_search_timestamp(
                stream, Int64((wanted / timeBase.seconds).rounded()), AVSEEK_FLAG_BACKWARD)
            guard index > 0, let entry = avformat_index_get_entry(stream, index),
                entry.pointee.flags & AVINDEX_KEYFRAME != 0,
                let time = seconds(entry.pointee.timestamp, timeBase).map({ $0 - origin }),
                time > (points.last ?? 0) + 1
            else { continue }
            points.append(time)
        }
        return points
    }

    /// Why not one picture decoded. The pixel cap is applied by the decoder to the size each
    /// frame declares (an MJPEG frame can claim far more than the container's header), and
    /// FFmpeg names the refused size only in its log.
    static func undecodableReason(limits: InputLimits) -> String {
        // "Picture size 60000x60000 is invalid" / "... exceeds specified max pixel count ..."
        for line in FFmpegLog.tail.reversed() {
            let parts = line.split(separator: "Picture size ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let size = parts[1].prefix { $0.isNumber || $0 == "x" }
            let sides = size.split(separator: "x").compactMap { Int64($0) }
            if sides.count == 2, sides[0] * sides[1] > limits.maxPixelsPerFrame {
                return "its pictures claim to be \(size), more than the \(limits.maxPixelsPerFrame) pixels allowed"
            }
        }
        return "none of its pictures can be decoded"
    }

    /// The container time of the main video stream's first frame.
    static func origin(of demuxer: Demuxer) -> Double {
        let stream = demuxer.stream(demuxer.info.videoStreamIndex)
        if let start = seconds(stream.pointee.start_time, stream.pointee.time_base) { return start }
        if let start = seconds(demuxer.context!.pointee.start_time, st_time_base_q()) { return start }
        return 0
    }
}
