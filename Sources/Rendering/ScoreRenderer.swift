import Audio
import Composition
import Foundation

/// Turns a `Score` into stereo PCM with FluidSynth and a General MIDI SoundFont.
///
/// The rendering is streamed in chunks (memory stays bounded whatever the length) and is exactly
/// as long as the score: `frameCount(duration:sampleRate:)` frames. Notes start within 0.67 ms of
/// their time at 48 kHz, release tails ring until the end, which gets a short fade-out. The same
/// score always renders to the same samples.
///
/// With `threads` above one, the notes are shared between that many synthesizers that render
/// side by side and are summed (see `EventSchedule.split`), which changes nothing audible.
/// A renderer can render many scores, one at a time; it is not safe to use from two threads at once.
public final class ScoreRenderer {
    /// Output channels: interleaved left, right.
    public static let channels = AudioFormat.standard.channels
    public let soundFontPath: String
    public let sampleRate: Int
    public let threads: Int
    /// Holds the font's samples in FluidSynth's cache, so that the synthesizers made for each
    /// rendering load in milliseconds.
    private let primer: Synthesizer

    /// Frames per chunk handed to the sink: about a third of a second at 48 kHz.
    static let chunkFrames = 256 * Synthesizer.blockFrames
    /// Chunks each synthesizer may render ahead of the mix (1 MB a synthesizer at 48 kHz), so
    /// that a passage heavier for one of them does not leave the other waiting.
    static let chunksAhead = 8
    /// The same for each stem worker, whose chunks hold one buffer per track.
    static let stemChunksAhead = 3
    /// MIDI channels per synthesizer: one per track.
    private static let channelsPerSynthesizer = 64

    /// Loads the SoundFont, which takes a moment for a large font (the compressed sf3 fonts spend seconds decompressing; FluidR3 sf2 a fraction of one).
    ///
    /// - Parameter threads: how many synthesizers render in parallel (1 to 8; 2 suits a
    ///   two-core machine rendering one job).
    public init(soundFontPath: String, sampleRate: Int = AudioFormat.standard.sampleRate, threads: Int = 2) throws {
        guard (8000...192_000).contains(sampleRate) else {
            throw RenderingError.invalidParameter("sample rate \(sampleRate) Hz is outside 8000-192000 Hz")
        }
        guard (1...8).contains(threads) else {
            throw RenderingError.invalidParameter("\(threads) render threads; use 1 to 8")
        }
        self.soundFontPath = soundFontPath
        self.sampleRate = sampleRate
        self.threads = threads
        primer = try Synthesizer(soundFontPath: soundFontPath, sampleRate: sampleRate, channels: 16)
    }

    /// The exact length in frames of a rendering of `duration` seconds.
    public static func frameCount(duration: Double, sampleRate: Int) -> Int {
        Int((duration * Double(sampleRate)).rounded())
    }

    /// Renders `score`, handing interleaved stereo Float32 chunks to `sink` in order.
    ///
    /// - Parameters:
    ///   - bandwidth: the highest frequency the delivery keeps, in Hz (an AAC encoder's
    ///     low-pass), when it is lower than `sampleRate` carries: the synthesizers then run at
    ///     the lowest rate that still reaches it, or what the music itself reaches if that is
    ///     less (`synthesisRate`, `reach`), and the music is converted to `sampleRate`.
    ///   - progress: called after each chunk with the fraction done, 0...1.
    ///   - sink: receives each chunk; the buffer is only valid during the call.
    public func render(
        _ score: Score, bandwidth: Double? = nil, progress: ((Double) -> Void)? = nil,
        sink: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        guard score.duration.isFinite, score.duration >= 0 else {
            throw RenderingError.invalidParameter("score duration \(score.duration) s is not a length")
        }
        // A score with a delay spreads its tracks over the even and odd channels.
        let most = Self.channelsPerSynthesizer / (score.tracks.contains { $0.echo != nil } ? 2 : 1)
        guard score.tracks.count <= most else {
            throw RenderingError.invalidParameter("\(score.tracks.count) tracks; the renderer plays at most \(most)")
        }
        let totalFrames = Self.frameCount(duration: score.duration, sampleRate: sampleRate)
        let reach = Self.reach(of: score, delivering: bandwidth)
        let lower = Self.lowerRate(sampleRate: sampleRate, bandwidth: reach)
        let rate = Self.synthesisRate(sampleRate: sampleRate, bandwidth: reach)
        var converter = lower.map { RateConverter(up: $0.up, down: $0.down, cutoff: $0.cutoff) }
        let synthesisFrames = Self.frameCount(duration: score.duration, sampleRate: rate)
        let schedule = EventSchedule(
            tracks: score.tracks, tempoMap: score.tempoMap, sampleRate: rate, totalFrames: synthesisFrames,
            blockFrames: Synthesizer.blockFrames)
        let parts = try schedule.split(into: threads, releaseAllowanceFrames: rate / 4).map { share in
            let synthesizer = try Synthesizer(
                soundFontPath: soundFontPath, sampleRate: rate, channels: Self.channelsPerSynthesizer,
                splittingOddChannels: share.echo != nil)
            return try SynthPart(synthesizer: synthesizer, schedule: share, tempoMap: score.tempoMap, sampleRate: rate)
        }

        let channels = Self.channels
        let producers = parts.enumerated().map { index, part in
            ChunkProducer(
                name: "synthesis \(index + 1)", outputs: 1, chunkFrames: Self.chunkFrames, totalFrames: synthesisFrames,
                channels: channels, depth: Self.chunksAhead
            ) { frames, buffers in
                try part.render(frames: frames, into: buffers[0])
            }
        }
        defer {
            for producer in producers { producer.stop() }
        }
        let silence = UnsafeMutableBufferPointer<Float>.allocate(
            capacity: producers.isEmpty ? Self.chunkFrames * channels : 0)
        defer { silence.deallocate() }
        let fades = EdgeFades(totalFrames: totalFrames, sampleRate: sampleRate)

        // Each finished chunk, at the output rate: faded at the edges and handed on.
        var delivered = 0
        func deliver(_ chunk: UnsafeMutableBufferPointer<Float>) throws {
            fades.apply(to: chunk, startingAt: delivered, channels: channels)
            try sink(UnsafeBufferPointer(chunk))
            delivered += chunk.count / channels
        }
        var position = 0
        while position < synthesisFrames {
            let frames = min(Self.chunkFrames, synthesisFrames - position)
            let samples = frames * channels
            // The first synthesizer's chunk becomes the mix; the others are added in order.
            let mix: UnsafeMutableBufferPointer<Float>
            if let first = producers.first {
                mix = try first.next()[0]
                for producer in producers.dropFirst() {
                    let buffer = try producer.next()[0]
                    for index in 0..<samples { mix[index] += buffer[index] }
                    producer.release()
                }
            } else {
                mix = silence
                mix.update(repeating: 0)
            }
            let chunk = UnsafeMutableBufferPointer(rebasing: mix[0..<samples])
            if converter != nil {
                try converter!.convert(UnsafeBufferPointer(chunk), output: deliver)
            } else {
                try deliver(chunk)
            }
            producers.first?.release()
            position += frames
            progress?(Double(position) / Double(synthesisFrames))
        }
        try converter?.finish(total: totalFrames, output: deliver)
    }

    /// The rate the synthesizers run at for music that needs `bandwidth` Hz: the lowest of two
    /// thirds and five sixths of `sampleRate` (32 or 40 kHz for 48 kHz) where FluidSynth's own
    /// anti-aliasing low-pass, at 0.45 of its rate, still reaches that bandwidth; `sampleRate`
    /// otherwise, and always when `bandwidth` is nil (a lossless delivery).
    static func synthesisRate(sampleRate: Int, bandwidth: Double?) -> Int {
        lowerRate(sampleRate: sampleRate, bandwidth: bandwidth).map { sampleRate / $0.up * $0.down } ?? sampleRate
    }

    /// The entry of `lowerRates` the synthesizers run at, or nil for `sampleRate` itself.
    private static func lowerRate(sampleRate: Int, bandwidth: Double?) -> (up: Int, down: Int, cutoff: Double)? {
        guard let bandwidth else { return nil }
        return lowerRates.first { lower in
            sampleRate % lower.up == 0 && 0.45 * Double(sampleRate / lower.up * lower.down) >= bandwidth
        }
    }

    /// Lower synthesis rates as shares of `sampleRate` (`down` / `up`), lowest first, each
    /// converted back up by the same ratio with a filter whose edge is `cutoff` times the lower
    /// rate's Nyquist frequency. At two thirds the edge sits where FluidSynth's low-pass does
    /// (14.4 kHz of 32 kHz), so that the images of the top octave, which would land at 17-19
    /// kHz, are filtered out with the rest; at five sixths they land above 20 kHz anyway.
    private static let lowerRates = [(up: 3, down: 2, cutoff: 0.9), (up: 6, down: 5, cutoff: 1.125)]

    /// How far up a delivery keeping `delivery` Hz needs the music synthesised: all of it for a
    /// score with a drum kit (cymbals and hi-hats shimmer up to the encoder's low-pass), at most
    /// `reachWithoutKit` for one without.
    static func reach(of score: Score, delivering delivery: Double?) -> Double? {
        guard let delivery else { return nil }
        return score.tracks.contains(where: \.isDrums) ? delivery : min(delivery, reachWithoutKit)
    }

    /// Pads, strings, pianos, bells and plucks put nothing anyone hears above 14 kHz: rendered
    /// with FluidR3 at 40 kHz, the 10-minute benchmark's ambient score has 14-16 kHz 66 dB and
    /// 16-20 kHz 67 dB under its total, the same video in the piano style 72 and 68 dB
    /// (docs/music.md, session 20).
    static let reachWithoutKit = 14_000.0
}
