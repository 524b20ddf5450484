internal import CFFmpeg

/// A video as the picture under a song (`--picture clip.mp4`): its main video stream copied
/// packet for packet, nothing else of it, with the soundtrack, both exactly as long as the song.
extension SoundtrackWriter {
    /// Copies the main video stream of `picture` into `output` with the soundtrack from
    /// `source`, `frameCount` frames at 48 kHz from the picture's first frame. A longer video is
    /// cut: no packet that decodes at or after the song's end is copied (the frames that came
    /// before it in decoding order are, so every copied frame decodes). A shorter one holds its
    /// last frame: that packet's duration reaches the song's end, which the container records
    /// and players show as the frame held; nothing is re-encoded either way.
    public func write(
        picture: InputFile, output: AtomicOutputFile, format: OutputFormat, frameCount: Int, title: String,
        source: @escaping SoundtrackSource, progress: (Double) -> Void = { _ in }
    ) throws -> WriteSummary {
        let demuxer = try Demuxer(file: picture, limits: limits, interrupt: interrupt)
        let videoIndex = demuxer.info.videoStreamIndex
        let origin = MediaReader.origin(of: demuxer)
        let encoder = try AudioEncoder(codec: format.codec, globalHeader: OutputMuxer.needsGlobalHeader(format))
        let muxer = try OutputMuxer(
            demuxer: demuxer, output: output, format: format, title: title, encoder: encoder, soundtrackFirst: true,
            keeping: [videoIndex])
        try muxer.writeHeader()
        let soundtrack = SoundtrackPackets(encoder: encoder, source: source, frameCount: frameCount, originSeconds: origin)
        let end = origin + Double(frameCount) / Double(AudioChunk.sampleRate)
        let timeBase = demuxer.stream(videoIndex).pointee.time_base
        var held = PendingPacket()
        let packet = try Packet()
        var lastReported = -1.0
        while try demuxer.read(into: packet) {
            defer { packet.unreference() }
            guard let time = muxer.timeOfInputPacket(packet.pointer) else { continue }
            if time >= end { break }
            // One packet is held back, so that the last one copied can be made to last.
            if let previous = held.take() {
                try write(previous, time: held.time, muxer: muxer, soundtrack: soundtrack, origin: origin)
            }
            held.keep(packet.pointer, time: time)
            if demuxer.progress - lastReported >= 0.01 {
                lastReported = demuxer.progress
                progress(lastReported)
            }
        }
        if interrupt.isSet { throw MediaError.interrupted(path: picture.path) }
        if let last = held.take() {
            let endStamp = Int64((end / timeBase.seconds).rounded())
            let start = last.pointee.dts != noPTS ? last.pointee.dts : last.pointee.pts
            if start != noPTS { last.pointee.duration = max(last.pointee.duration, endStamp - start) }
            try write(last, time: held.time, muxer: muxer, soundtrack: soundtrack, origin: origin)
        }
        return try finish(muxer, soundtrack: soundtrack, origin: origin, demuxer: demuxer, progress: progress)
    }

    /// Writes the soundtrack due before `packet`, then the packet (and frees it).
    private func write(
        _ packet: UnsafeMutablePointer<AVPacket>, time: Double, muxer: OutputMuxer, soundtrack: SoundtrackPackets,
        origin: Double
    ) throws {
        var owned: UnsafeMutablePointer<AVPacket>? = packet
        defer { av_packet_free(&owned) }
        while let next = try soundtrack.peekTime(), next <= time {
            try muxer.writeSoundtrack(soundtrack.take()!, origin: origin)
        }
        try muxer.writeCopied(packet)
    }
}

/// The one video packet held back until the next arrives (or the picture ends).
private struct PendingPacket {
    private var packet: UnsafeMutablePointer<AVPacket>?
    private(set) var time = 0.0

    mutating func keep(_ source: UnsafeMutablePointer<AVPacket>, time: Double) {
        packet = av_packet_clone(source)
        self.time = time
    }

    /// The held packet, now the caller's to free.
    mutating func take() -> UnsafeMutablePointer<AVPacket>? {
        defer { packet = nil }
        return packet
    }
}
