import Foundation
internal import CFFmpeg
import Threads

/// Encodes a long AAC soundtrack on two threads: FFmpeg's AAC encoder runs on one core, and it
/// is the slowest part of writing a long video.
///
/// The track is cut into segments of `segmentFrames`; each is encoded by an encoder of its own,
/// two at a time, and their packets are handed out in order as one stream. An AAC packet is
/// one MDCT window of 2048 samples (1024 new ones) and decodes on its own, so a stream can
/// switch encoders between two packets: each segment's encoder starts `prerollFrames` early
/// (its priming packet and the pre-roll packets are dropped) and runs `tailFrames` past the
/// segment's end (those packets are dropped too), so every packet kept is the window a single
/// encoder would have coded there, from the same samples, and the overlap of the windows on
/// both sides of a seam cancels as it does anywhere else. Only the rate control's running state
/// differs for a few packets after a seam (quantisation noise of the same size, no click).
///
/// The samples are read from the source in order, a segment at a time, by whichever worker
/// takes the next segment; at most `window` segments are read ahead of the packets handed out,
/// so memory does not grow with the length of the track.
final class SegmentedEncoding: @unchecked Sendable {
    // `reader` is touched only under `readLock`, which also orders the reads; `nextSegment` is
    // changed under both locks; `results`, `consumed` and `cancelled` only under `state`. The workers own the encoders they make; `first` is used by
    // segment 0's worker alone, after the muxer has copied its parameters.
    static let segmentFrames = 1024 * 940
    static let prerollFrames = 1024 * 8
    static let tailFrames = 1024 * 2
    /// Tracks up to this long stay with one encoder: a second one would save little.
    static let shortestFrames = 60 * AudioChunk.sampleRate
    static let workers = 2
    static let window = 3

    /// Whether `frameCount` frames for `encoder` are encoded in segments.
    static func suits(_ encoder: AudioEncoder, frameCount: Int) -> Bool {
        encoder.kind == .aac && frameCount > shortestFrames
    }

    private let first: AudioEncoder
    private let frameCount: Int
    private let segmentCount: Int
    private let readLock = NSLock()
    private var reader: SegmentReader
    private var nextSegment = 0
    private let state = NSCondition()
    private var results: [Int: Result<[UnsafeMutablePointer<AVPacket>], any Error>] = [:]
    private var cancelled = false
    private var consumed = 0
    private var workers: [Background<Void>] = []

    init(encoder: AudioEncoder, source: @escaping SoundtrackSource, frameCount: Int) {
        first = encoder
        self.frameCount = frameCount
        segmentCount = (frameCount + Self.segmentFrames - 1) / Self.segmentFrames
        reader = SegmentReader(source: source, frameCount: frameCount, kept: Self.prerollFrames + Self.tailFrames)
        workers = (0..<Self.workers).map { index in
            Background(name: "soundtrack.aac\(index)") { [self] in work() }
        }
    }

    deinit {
        state.withLock {
            cancelled = true
            state.broadcast()
        }
        for worker in workers { try? worker.wait() }
        for result in results.values {
            if case .success(let packets) = result { Self.free(packets) }
        }
    }

    /// The next segment's packets, in order; nil after the last segment.
    func next() throws -> [UnsafeMutablePointer<AVPacket>]? {
        let result = state.withLock { () -> Result<[UnsafeMutablePointer<AVPacket>], any Error>? in
            guard consumed < segmentCount else { return nil }
            while results[consumed] == nil { state.wait() }
            defer {
                consumed += 1
                state.broadcast()
            }
            return results.removeValue(forKey: consumed)!
        }
        return try result?.get()
    }

    private func work() {
        while true {
            let segment: (index: Int, samples: Result<ReadSegment, any Error>)? = readLock.withLock {
                // At most `window` segments are taken and not yet handed out.
                let go = state.withLock {
                    while !cancelled && nextSegment < segmentCount && nextSegment - consumed >= Self.window {
                        state.wait()
                    }
                    return !cancelled && nextSegment < segmentCount
                }
                guard go else { return nil }
                let index = state.withLock {
                    defer { nextSegment += 1 }
                    return nextSegment
                }
                return (index, Result { try read(segment: index) })
            }
            guard let segment else { return }
            let result = Result { try encode(segment: segment.index, segment.samples.get()) }
            state.withLock {
                if cancelled, case .success(let packets) = result {
                    Self.free(packets)
                } else {
                    results[segment.index] = result
                }
                state.broadcast()
            }
        }
    }

    /// Samples of one segment with its pre-roll and tail, and the frame the first one is.
    private struct ReadSegment {
        var startFrame: Int
        var samples: [Float]
    }

    private func keptFrames(_ index: Int) -> Range<Int> {
        index * Self.segmentFrames..<min((index + 1) * Self.segmentFrames, frameCount)
    }

    private func read(segment index: Int) throws -> ReadSegment {
        let kept = keptFrames(index)
        let start = max(0, kept.lowerBound - Self.prerollFrames)
        let end = min(kept.upperBound + Self.tailFrames, frameCount)
        return ReadSegment(startFrame: start, samples: try reader.read(start..<end))
    }

    private func encode(segment index: Int, _ segment: ReadSegment) throws -> [UnsafeMutablePointer<AVPacket>] {
        let encoder =
            index == 0
            ? first
            : try AudioEncoder(codec: first.kind, globalHeader: first.globalHeader, startFrame: segment.startFrame)
        let kept = keptFrames(index)
        let lowest = index == 0 ? Int64.min : Int64(kept.lowerBound)
        let highest = index == segmentCount - 1 ? Int64.max : Int64(kept.upperBound)
        var packets: [UnsafeMutablePointer<AVPacket>] = []
        do {
            let keep: (UnsafeMutablePointer<AVPacket>) -> Void = { packet in
                let time = packet.pointee.pts != noPTS ? packet.pointee.pts : packet.pointee.dts
                if time >= lowest && time < highest { packets.append(av_packet_clone(packet)!) }
            }
            let frames = segment.samples.count / 2
            try segment.samples.withUnsafeBufferPointer { samples in
                for offset in stride(from: 0, to: frames, by: encoder.frameSize) {
                    let count = min(encoder.frameSize, frames - offset)
                    try encoder.encode(UnsafeBufferPointer(rebasing: samples[(offset * 2)..<((offset + count) * 2)]), keep)
                }
            }
            try encoder.encode(nil, keep)
        } catch {
            Self.free(packets)
            throw error
        }
        return packets
    }

    static func free(_ packets: [UnsafeMutablePointer<AVPacket>]) {
        for packet in packets {
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
        }
    }
}

/// Reads the source in order, for segments that overlap by the last `kept` frames of the one
/// before; frames past the source's end are silence.
private struct SegmentReader {
    let source: SoundtrackSource
    let frameCount: Int
    let kept: Int
    /// The last frames read, from `keptStart` up to `position`.
    private var keptSamples: [Float] = []
    private var keptStart = 0
    private var position = 0
    private var ended = false

    init(source: @escaping SoundtrackSource, frameCount: Int, kept: Int) {
        self.source = source
        self.frameCount = frameCount
        self.kept = kept
    }

    /// The samples of `frames`, which start at or after the frames kept from the last read and
    /// end at or after its end.
    mutating func read(_ frames: Range<Int>) throws -> [Float] {
        precondition(frames.lowerBound >= keptStart && frames.upperBound >= position, "segments are read in order")
        var samples = [Float](repeating: 0, count: frames.count * 2)
        let reused = max(0, position - frames.lowerBound)
        for index in 0..<(reused * 2) {
            samples[index] = keptSamples[(frames.lowerBound - keptStart) * 2 + index]
        }
        var filled = reused
        try samples.withUnsafeMutableBufferPointer { buffer in
            while filled < frames.count && !ended {
                let got = try source(UnsafeMutableBufferPointer(rebasing: buffer[(filled * 2)..<(frames.count * 2)]))
                if got <= 0 { ended = true } else { filled += got }
            }
        }
        position = frames.upperBound
        keptStart = max(frames.lowerBound, position - kept)
        keptSamples = Array(samples[((keptStart - frames.lowerBound) * 2)...])
        return samples
    }
}
