internal import CFFmpeg

/// Reads the sound of a recording (anything FFmpeg reads as audio, or a video's sound) front to
/// back as mono float samples at `sampleRate`, in chunks: memory stays bounded whatever the
/// file's length, and nothing is kept after the callback returns.
public struct SoundReader: Sendable {
    /// The rate listening works at: enough for pitches up to 11 kHz, half the work of 44.1 kHz.
    public static let sampleRate = 22_050

    public var limits: InputLimits
    public var interrupt: InterruptFlag

    public init(limits: InputLimits = .default, interrupt: InterruptFlag = InterruptFlag()) {
        self.limits = limits
        self.interrupt = interrupt
    }

    /// Whether `path` opens as a file with sound and no moving pictures (cover art allowed).
    /// False for anything that cannot be opened: the video chain then says what is wrong.
    /// FFmpeg's messages while probing go to `FFmpegLog`, never to the terminal, even when this is
    /// asked before the command line has set up its logging.
    public static func isSoundOnly(_ path: String) -> Bool {
        FFmpegLog.install()
        guard let file = try? InputFile(path: path), file.size > 0,
            let demuxer = try? Demuxer(file: file, purpose: .sound)
        else { return false }
        return demuxer.info.videoStreamIndex < 0
    }

    /// Reads the main audio stream and hands `body` mono samples; returns the seconds read.
    /// A recording longer than `limits.maxSongSeconds` is refused before any decoding when its
    /// length is stated, and when it is not, as soon as the limit is passed.
    @discardableResult
    public func read(_ path: String, _ body: ([Float]) throws -> Void) throws -> Double {
        let file = try InputFile(path: path)
        guard file.size > 0 else { throw MediaError.notAudio(path: path, reason: "the file is empty") }
        let demuxer = try Self.open(file, limits: limits, interrupt: interrupt)
        let info = demuxer.info
        let limit = limits.maxSongSeconds
        if let duration = info.duration, duration > limit {
            throw MediaError.notAudio(path: path, reason: Self.tooLong(duration, limit: limit))
        }
        guard let index = info.audioStreamIndex else {
            throw MediaError.notAudio(path: path, reason: "it has no audio stream")
        }
        for stream in 0..<info.streams.count where stream != index {
            demuxer.stream(stream).pointee.discard = AVDISCARD_ALL
        }
        let origin = info.streams[index].startTime ?? 0
        let decoder: AudioSampleDecoder
        do {
            decoder = try AudioSampleDecoder(
                stream: demuxer.stream(index), path: path, origin: origin, rate: Self.sampleRate, channels: 1)
        } catch {
            throw MediaError.notAudio(path: path, reason: "its sound cannot be decoded (\(error))")
        }
        let maximumSamples = Int(limit * Double(Self.sampleRate))
        var samples = 0
        let deliver: (AudioChunk) throws -> Void = { chunk in
            samples += chunk.samples.count
            if samples > maximumSamples {
                throw MediaError.notAudio(path: path, reason: Self.tooLong(nil, limit: limit))
            }
            try body(chunk.samples)
        }
        let packet = try Packet()
        var damaged = false
        while !damaged, try demuxer.read(into: packet) {
            if interrupt.isSet {
                packet.unreference()
                throw MediaError.interrupted(path: path)
            }
            if packet.streamIndex == index {
                damaged = try Self.decode(packet.pointer, with: decoder, deliver)
            }
            packet.unreference()
        }
        if !damaged { _ = try Self.decode(nil, with: decoder, deliver) }
        if interrupt.isSet { throw MediaError.interrupted(path: path) }
        guard samples > 0 else {
            throw MediaError.notAudio(path: path, reason: "no sound could be decoded from it (damaged or cut short?)")
        }
        return Double(samples) / Double(Self.sampleRate)
    }

    private static func open(_ file: InputFile, limits: InputLimits, interrupt: InterruptFlag) throws(MediaError)
        -> Demuxer
    {
        do {
            return try Demuxer(file: file, limits: limits, interrupt: interrupt, purpose: .sound)
        } catch {
            if case .notAVideo(let path, let reason) = error { throw .notAudio(path: path, reason: reason) }
            throw error
        }
    }

    /// Decodes one packet; true when the decoder gave up on it (a damaged tail ends the sound,
    /// as it ends a video). What `deliver` throws goes on up.
    private static func decode(
        _ packet: UnsafeMutablePointer<AVPacket>?, with decoder: AudioSampleDecoder,
        _ deliver: (AudioChunk) throws -> Void
    ) throws -> Bool {
        var delivering = false
        do {
            try decoder.decode(packet) { chunk in
                delivering = true
                try deliver(chunk)
                delivering = false
            }
            return false
        } catch {
            if delivering { throw error }
            return true
        }
    }

    private static func tooLong(_ duration: Double?, limit: Double) -> String {
        let length = duration.map { "it lasts \(Int($0 / 60)) min" } ?? "it runs on"
        return "\(length), longer than the \(Int(limit / 60)) min a song may last; cut it into songs first"
    }
}
