#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// Where the soundtrack's samples come from: fills the buffer with interleaved stereo float at
/// 48 kHz and returns how many frames it wrote (0 when it has no more).
public typealias SoundtrackSource = (UnsafeMutableBufferPointer<Float>) throws -> Int

/// What was written.
public struct WriteSummary: Sendable {
    /// Streams copied from the input, by input index.
    public var copiedStreams: [Int]
    /// Input streams left out because the output container cannot hold them (data tracks, and
    /// sound or subtitles it has no form for).
    public var droppedStreams: [Int]
    /// Index of the new soundtrack in the output file.
    public var soundtrackStreamIndex: Int
    /// What had to be done to the input's timestamps to copy it.
    public var timestampRepairs = TimestampRepairs()
    /// Sentences for log notices: streams left out and why.
    public var notes: [String] = []
}

/// Writes a new file holding every stream of the input copied packet for packet, with
/// timestamps unchanged, plus a new soundtrack encoded with FFmpeg and marked as the default
/// audio track.
public struct SoundtrackWriter: Sendable {
    public var limits: InputLimits
    public var interrupt: InterruptFlag

    public init(limits: InputLimits = .default, interrupt: InterruptFlag = InterruptFlag()) {
        self.limits = limits
        self.interrupt = interrupt
    }

    /// Copies `input` into `output` with the soundtrack added. `frameCount` is the soundtrack's
    /// exact length in 48 kHz frames: the source is padded with silence or cut to it. With
    /// `soundtrackFirst` the new track goes before the original audio; otherwise after it.
    public func write(
        input: InputFile, output: AtomicOutputFile, format: OutputFormat, frameCount: Int,
        title: String = "soundtrack", soundtrackFirst: Bool = true, source: @escaping SoundtrackSource, progress: (Double) -> Void = { _ in }
    ) throws -> WriteSummary {
        let demuxer = try Demuxer(file: input, limits: limits, interrupt: interrupt)
        let origin = MediaReader.origin(of: demuxer)
        let encoder = try AudioEncoder(codec: format.codec, globalHeader: OutputMuxer.needsGlobalHeader(format))
        let muxer = try OutputMuxer(
            demuxer: demuxer, output: output, format: format, title: title, encoder: encoder,
            soundtrackFirst: soundtrackFirst)
        try muxer.writeHeader()

        let soundtrack = SoundtrackPackets(
            encoder: encoder, source: source, frameCount: frameCount, originSeconds: origin)
        let packet = try Packet()
        var lastReported = -1.0
        while try demuxer.read(into: packet) {
            defer { packet.unreference() }
            guard let time = muxer.timeOfInputPacket(packet.pointer) else { continue }
            // Keep the file interleaved: every soundtrack packet due before this one goes first.
            while let next = try soundtrack.peekTime(), next <= time {
                try muxer.writeSoundtrack(soundtrack.take()!, origin: origin)
            }
            try muxer.writeCopied(packet.pointer)
            if demuxer.progress - lastReported >= 0.01 {
                lastReported = demuxer.progress
                progress(lastReported)
            }
        }
        if interrupt.isSet { throw MediaError.interrupted(path: input.path) }
        var summary = try finish(muxer, soundtrack: soundtrack, origin: origin, demuxer: demuxer, progress: progress)
        if muxer.skippedPackets > 0 {
            summary.notes.append("left out \(muxer.skippedPackets) damaged packet(s) the output container could not take")
        }
        return summary
    }

    /// Writes the soundtrack left after the last copied packet, closes the output and says what
    /// was written (with the timestamps the demuxer repaired).
    func finish(
        _ muxer: OutputMuxer, soundtrack: SoundtrackPackets, origin: Double, demuxer: Demuxer,
        progress: (Double) -> Void
    ) throws -> WriteSummary {
        while try soundtrack.peekTime() != nil {
            try muxer.writeSoundtrack(soundtrack.take()!, origin: origin)
        }
        try muxer.finish()
        progress(1)
        var summary = muxer.summary
        summary.timestampRepairs = demuxer.timestampRepairs
        return summary
    }
}

/// Pulls samples from the source, encodes them, and hands out packets one at a time. A long AAC
/// track is encoded on two threads (`SegmentedEncoding`); anything else by `encoder` alone.
final class SoundtrackPackets {
    private let encoder: AudioEncoder
    private let segments: SegmentedEncoding?
    private let source: SoundtrackSource
    private let frameCount: Int
    private let originSeconds: Double
    private var framesEncoded = 0
    private var flushed = false
    private var queue: [UnsafeMutablePointer<AVPacket>] = []
    private var buffer: [Float]

    init(encoder: AudioEncoder, source: @escaping SoundtrackSource, frameCount: Int, originSeconds: Double) {
        self.encoder = encoder
        self.source = source
        self.frameCount = frameCount
        self.originSeconds = originSeconds
        let segmented = SegmentedEncoding.suits(encoder, frameCount: frameCount)
        segments = segmented ? SegmentedEncoding(encoder: encoder, source: source, frameCount: frameCount) : nil
        buffer = [Float](repeating: 0, count: segmented ? 0 : encoder.frameSize * 2)
    }

    deinit {
        for var packet in queue.map(Optional.some) { av_packet_free(&packet) }
    }

    /// Container time in seconds of the next packet, or nil when the soundtrack is complete.
    func peekTime() throws -> Double? {
        while queue.isEmpty && !flushed { try encodeNext() }
        guard let packet = queue.first else { return nil }
        let timestamp = packet.pointee.dts != noPTS ? packet.pointee.dts : packet.pointee.pts
        return originSeconds + Double(timestamp) / Double(AudioChunk.sampleRate)
    }

    func take() -> UnsafeMutablePointer<AVPacket>? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    private func encodeNext() throws {
        if let segments {
            if let packets = try segments.next() { queue.append(contentsOf: packets) } else { flushed = true }
            return
        }
        let wanted = min(encoder.frameSize, frameCount - framesEncoded)
        var collect: [UnsafeMutablePointer<AVPacket>] = []
        if wanted <= 0 {
            try encoder.encode(nil) { collect.append(av_packet_clone($0)!) }
            flushed = true
        } else {
            var filled = 0
            try buffer.withUnsafeMutableBufferPointer { samples in
                while filled < wanted {
                    let slice = UnsafeMutableBufferPointer(rebasing: samples[(filled * 2)..<(wanted * 2)])
                    let frames = try source(slice)
                    if frames <= 0 { break }
                    filled += frames
                }
                for index in (filled * 2)..<(wanted * 2) { samples[index] = 0 }
            }
            framesEncoded += wanted
            try buffer.withUnsafeBufferPointer { samples in
                try encoder.encode(UnsafeBufferPointer(rebasing: samples[0..<(wanted * 2)])) {
                    collect.append(av_packet_clone($0)!)
                }
            }
        }
        queue.append(contentsOf: collect)
    }
}
