internal import CFFmpeg

/// A video as the picture under a song (`--picture clip.mp4`): its main video stream copied
/// packet for packet, nothing else of it, with the soundtrack, both exactly as long as the song.
extension SoundtrackWriter {
    /// Copies the main video stream of `picture` into `output` with the soundtrack from
    /// `source`, `frameCount` frames at 48 kHz from the picture's first frame. A longer video is
    /// cut where no frame is shown at or after the song's end: packets are copied a closed group
    /// at a time (an anchor frame and the B-frames shown before it, which need it to decode), and
    /// the first group with a frame past the end is left out whole, so every copied frame decodes
    /// and none outlasts the song. The last frame copied, or a shorter video's last frame, is
    /// held: the last packet's duration reaches the song's end, which the container records and
    /// players show as the frame held; nothing is re-encoded either way.
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
        var group = PendingGroup()
        var latestShown = -Double.infinity
        var lastWritten: (packet: UnsafeMutablePointer<AVPacket>, time: Double)?
        let packet = try Packet()
        var lastReported = -1.0
        defer {
            group.discard()
            var owned = lastWritten?.packet
            av_packet_free(&owned)
        }
        func flush() throws {
            // The last packet copied waits for the next, so that it can be made to last.
            while let pending = group.popFirst() {
                if let previous = lastWritten {
                    lastWritten = nil
                    try write(previous.packet, time: previous.time, muxer: muxer, soundtrack: soundtrack, origin: origin)
                }
                lastWritten = pending
            }
        }
        while try demuxer.read(into: packet) {
            defer { packet.unreference() }
            guard let time = muxer.timeOfInputPacket(packet.pointer) else { continue }
            // A frame decoded at or after the end is shown after it too (shown >= decoded).
            if time >= end { break }
            let pts = packet.pointer.pointee.pts
            let shown = pts == noPTS ? time : Double(pts) * timeBase.seconds
            // A frame shown after every frame so far starts a new group: the one before is closed
            // (the B-frames that follow are shown after it). A group never seen to close (broken
            // timestamps) is taken as closed at a size no encoder reorders over.
            if shown > latestShown || group.count >= PendingGroup.largest {
                if group.latestShown >= end { break }
                try flush()
            }
            latestShown = max(latestShown, shown)
            try group.keep(packet.pointer, time: time, shown: shown)
            if demuxer.progress - lastReported >= 0.01 {
                lastReported = demuxer.progress
                progress(lastReported)
            }
        }
        if interrupt.isSet { throw MediaError.interrupted(path: picture.path) }
        if group.latestShown < end { try flush() }
        if let last = lastWritten {
            lastWritten = nil
            let endStamp = Int64((end / timeBase.seconds).rounded())
            // The track ends where the last packet stored is shown plus its duration.
            let start = last.packet.pointee.pts != noPTS ? last.packet.pointee.pts : last.packet.pointee.dts
            if start != noPTS { last.packet.pointee.duration = max(1, endStamp - start) }
            try write(last.packet, time: last.time, muxer: muxer, soundtrack: soundtrack, origin: origin)
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

/// The packets of the group being read (an anchor frame and the B-frames shown before it), held
/// back until the group is known to be closed and to end before the song does.
private struct PendingGroup {
    private var packets: [(packet: UnsafeMutablePointer<AVPacket>, time: Double)] = []
    /// When the group's last frame is shown.
    private(set) var latestShown = -Double.infinity
    var count: Int { packets.count }
    /// More packets than any encoder's reordering spans.
    static let largest = 64

    mutating func keep(_ source: UnsafeMutablePointer<AVPacket>, time: Double, shown: Double) throws(MediaError) {
        guard let clone = av_packet_clone(source) else {
            throw .internalFailure(operation: "holding a video packet", reason: "out of memory")
        }
        packets.append((clone, time))
        latestShown = max(latestShown, shown)
    }

    /// The group's first packet in decoding order, now the caller's to free; a group emptied
    /// this way starts again.
    mutating func popFirst() -> (packet: UnsafeMutablePointer<AVPacket>, time: Double)? {
        guard !packets.isEmpty else { return nil }
        if packets.count == 1 { latestShown = -Double.infinity }
        return packets.removeFirst()
    }

    /// Frees the packets of a group left out.
    mutating func discard() {
        while let (packet, _) = popFirst() {
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
        }
    }
}
