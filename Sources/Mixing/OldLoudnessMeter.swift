internal import CEBUR128
import Foundation

/// EBU R128 / ITU-R BS.1770 loudness and true-peak measurement of interleaved Float32 audio.
///
/// Feed it the whole programme with `add`, then read `integratedLoudness` and `truePeak` (they
/// can be read at any point and describe everything added so far). Wraps one libebur128 state,
/// freed when the meter goes away; the meter cannot be copied, so the state has one owner.
public struct OldLoudnessMeter: ~Copyable {
    public let channels: Int
    public let sampleRate: Int
    /// The libebur128 state, kept opaque so that no C type appears in this public type's layout.
    private let opaqueState: OpaquePointer
    private var state: UnsafeMutablePointer<ebur128_state> { UnsafeMutablePointer(opaqueState) }
    /// Frames added so far.
    public private(set) var frameCount = 0
    /// Frames between two readings of `shortTerm`; nil when no curve is kept.
    private let shortTermStep: Int?
    /// Short-term loudness (BS.1770, the 3 s before) every `shortTermSeconds`, in LUFS, minus
    /// infinity for silence: the loudness curve a report draws. Empty unless asked for.
    public private(set) var shortTerm: [Double] = []

    /// What a meter measures besides integrated loudness.
    public enum Peaks: Sendable {
        /// No peaks: the cheapest.
        case none
        /// The largest sample: nearly as cheap as loudness alone.
        case sample
        /// The 4x oversampled true peak (and the sample peak): several times slower.
        case truePeak
    }

    /// - Parameter truePeak: whether to measure the true peak too; without it the meter runs
    ///   several times faster and `truePeak`/`samplePeak` read minus infinity.
    public init(channels: Int, sampleRate: Int, truePeak: Bool = true) throws {
        try self.init(channels: channels, sampleRate: sampleRate, peaks: truePeak ? .truePeak : .none)
    }

    /// - Parameter shortTermSeconds: keep `shortTerm`, a reading every so many seconds (the
    ///   readings cost nothing next to the measurement itself).
    public init(channels: Int, sampleRate: Int, peaks: Peaks, shortTermSeconds: Double? = nil) throws {
        guard (1...64).contains(channels), (8000...384_000).contains(sampleRate) else {
            throw MixingError.invalidParameter(
                "loudness meter for \(channels) channels at \(sampleRate) Hz (1-64 channels, 8-384 kHz)")
        }
        let step = shortTermSeconds.map { max(1, Int((Double(sampleRate) * $0).rounded())) }
        let mode: Int32 = {
            switch peaks {
            case .none: return st_ebur128_mode_loudness()
            case .sample: return st_ebur128_mode_loudness_sample_peak()
            case .truePeak: return st_ebur128_modes()
            }
        }()
        let shortTermMode = step == nil ? 0 : st_ebur128_mode_short_term()
        guard let state = ebur128_init(UInt32(channels), UInt(sampleRate), mode | shortTermMode) else {
            throw MixingError.loudnessMeterFailed(reason: "ebur128_init failed (out of memory?)")
        }
        self.channels = channels
        self.sampleRate = sampleRate
        self.opaqueState = OpaquePointer(state)
        self.shortTermStep = step
    }

    deinit {
        var owned: UnsafeMutablePointer<ebur128_state>? = state
        ebur128_destroy(&owned)
    }

    /// Adds interleaved samples (a whole number of frames) to the measurement.
    public mutating func add(_ interleaved: UnsafeBufferPointer<Float>) throws {
        guard interleaved.count % channels == 0 else {
            throw MixingError.invalidParameter(
                "\(interleaved.count) samples are not whole frames of \(channels) channels")
        }
        let frames = interleaved.count / channels
        guard frames > 0, let base = interleaved.baseAddress else { return }
        guard let step = shortTermStep else { return try addFrames(base, frames) }
        // Split at every reading, so that each one covers exactly the 3 s before its time.
        var done = 0
        while done < frames {
            let part = min(frames - done, step - frameCount % step)
            try addFrames(base + done * channels, part)
            done += part
            if frameCount % step == 0 {
                var loudness = -Double.infinity
                _ = ebur128_loudness_shortterm(state, &loudness)
                shortTerm.append(loudness)
            }
        }
    }

    private mutating func addFrames(_ base: UnsafePointer<Float>, _ frames: Int) throws {
        let status = ebur128_add_frames_float(state, base, frames)
        guard status == Int32(EBUR128_SUCCESS.rawValue) else {
            throw MixingError.loudnessMeterFailed(reason: "ebur128_add_frames_float returned \(status)")
        }
        frameCount += frames
    }

    /// Adds interleaved samples from an array.
    public mutating func add(_ interleaved: [Float]) throws {
        try interleaved.withUnsafeBufferPointer { try add($0) }
    }

    /// Gated integrated loudness of everything added, in LUFS; minus infinity for silence or
    /// anything shorter than one 400 ms block.
    public var integratedLoudness: Double {
        var loudness = -Double.infinity
        // Fails only when the mode lacks EBUR128_MODE_I, which `init` always sets.
        _ = ebur128_loudness_global(state, &loudness)
        return loudness
    }

    /// Loudness of the last 400 ms added, in LUFS (BS.1770 momentary loudness, ungated); minus
    /// infinity for silence.
    public var momentaryLoudness: Double {
        var loudness = -Double.infinity
        _ = ebur128_loudness_momentary(state, &loudness)
        return loudness
    }

    /// The highest true peak (4x oversampled below 96 kHz) over all channels, in dBTP; minus
    /// infinity for silence.
    public var truePeak: Double {
        decibels(
            ofLinear: (0..<channels).reduce(0.0) { highest, channel in
                var peak = 0.0
                _ = ebur128_true_peak(state, UInt32(channel), &peak)
                return max(highest, peak)
            })
    }

    /// The highest sample magnitude over all channels, in dBFS; minus infinity for silence or
    /// without peak measurement.
    public var samplePeak: Double {
        decibels(
            ofLinear: (0..<channels).reduce(0.0) { highest, channel in
                var peak = 0.0
                _ = ebur128_sample_peak(state, UInt32(channel), &peak)
                return max(highest, peak)
            })
    }

    private func decibels(ofLinear value: Double) -> Double {
        value > 0 ? 20 * log10(value) : -Double.infinity
    }
}

// The state is reached only through this noncopyable value: `add` needs exclusive (mutating)
// access, and the readers only read libebur128's state, so moving the meter to another thread
// cannot race.
extension OldLoudnessMeter: @unchecked Sendable {}
