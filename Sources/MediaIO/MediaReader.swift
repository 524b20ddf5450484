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
}

/// Reads a video once, front to back, and hands out what analysis needs: small pictures,
/// 48 kHz stereo audio and subtitle lines. Memory stays bounded: nothing is kept after the
/// callbacks return.
public struct MediaReader {
    public var limits: InputLimits
    public var interrupt: InterruptFlag

    public init(limits: InputLimits = .default, interrupt: InterruptFlag = InterruptFlag()) {
        self.limits = limits
        self.interrupt = interrupt
    }

    /// Opens the file, checks it is a usable video, and describes its streams.
    public func probe(_ path: String) throws(MediaError) -> MediaInfo {
        try Demuxer(path: path, limits: limits, interrupt: interrupt).info
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
        let demuxer = try Demuxer(path: path, limits: limits, interrupt: interrupt)
        let info = demuxer.info
        let videoStream = demuxer.stream(info.videoStreamIndex)
        let origin = Self.origin(of: demuxer)

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
        while try demuxer.read(into: packet) {
            defer { packet.unreference() }
            let index = packet.streamIndex
            if index == info.videoStreamIndex {
                videoPackets += 1
                if let start = seconds(packet.pointer.pointee.pts, videoTimeBase) {
                    let length = Double(packet.pointer.pointee.duration) * videoTimeBase.seconds
                    videoEnd = max(videoEnd, start - origin + (length > 0 ? length : fallbackFrameSeconds))
                }
                try videoDecoder?.decode(packet.pointer, onVideo)
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
        try videoDecoder?.decode(nil, onVideo)
        try audioDecoder?.decode(nil, deliverAudio)
        if interrupt.isSet { throw MediaError.interrupted(path: path) }
        guard videoPackets > 0 else {
            throw MediaError.notAVideo(path: path, reason: "its video stream holds no pictures")
        }
        progress(1)
        return ReadSummary(
            info: info, origin: origin, videoDuration: videoEnd, videoPacketCount: videoPackets,
            audioFrameCount: audioFrames)
    }

    /// The container time of the main video stream's first frame.
    static func origin(of demuxer: Demuxer) -> Double {
        let stream = demuxer.stream(demuxer.info.videoStreamIndex)
        if let start = seconds(stream.pointee.start_time, stream.pointee.time_base) { return start }
        if let start = seconds(demuxer.context!.pointee.start_time, st_time_base_q()) { return start }
        return 0
    }
}
