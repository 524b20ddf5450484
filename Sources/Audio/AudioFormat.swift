/// The shape of the sound every stage passes on: samples per second and interleaved channels.
///
/// Synthesis, mixing, loudness, decoding and encoding all work in one format, `standard`
/// (48 kHz stereo, as video delivers it), so that no stage resamples another's output. This is
/// that fact's one home.
public struct AudioFormat: Sendable, Hashable, CustomStringConvertible {
    /// Frames per second.
    public var sampleRate: Int
    /// Interleaved channels in a frame.
    public var channels: Int

    public init(sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// 48 kHz stereo: what the soundtrack is made, mixed and delivered in.
    public static let standard = AudioFormat(sampleRate: 48_000, channels: 2)

    /// Frames in `seconds`, rounded to the nearest frame (0 for anything not a positive length).
    public func frames(seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int((seconds * Double(sampleRate)).rounded())
    }

    /// Seconds that `frames` frames last.
    public func seconds(frames: Int) -> Double {
        Double(frames) / Double(sampleRate)
    }

    public var description: String { "\(sampleRate) Hz, \(channels) channel\(channels == 1 ? "" : "s")" }
}
