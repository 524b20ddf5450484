import Foundation

/// EBU R128 / ITU-R BS.1770-4 loudness and peak measurement of interleaved Float32 audio.
///
/// Feed it the whole programme with `add`, then read `integratedLoudness` and the peaks (they
/// can be read at any point and describe everything added so far).
///
/// The audio is K-weighted (`KWeighting`, Double, two channels at a time) and its energy summed
/// over 100 ms hops; everything else comes from the hop sums: a gating block (400 ms, 75 %
/// overlap) is four hops, the momentary loudness the last four, a short-term reading the last
/// thirty. Channel weights follow BS.1770 with libebur128's default channel order: 1.0 for the
/// first three channels (L, R, C), 0 for the fourth (LFE) unless there are exactly four
/// channels, 1.41 for the surrounds (channels 4 and 5, or 2 and 3 of four, 3 and 4 of five),
/// nothing for channels past the sixth.
public struct LoudnessMeter: Sendable {
    public let channels: Int
    public let sampleRate: Int
    /// Frames added so far.
    public private(set) var frameCount = 0
    /// Short-term loudness (BS.1770, the 3 s before) every `shortTermSeconds`, in LUFS, minus
    /// infinity for silence: the loudness curve a report draws. Empty unless asked for.
    public private(set) var shortTerm: [Double] = []
    /// Mean-square power (K-weighted, channel-weighted sum) of every complete 400 ms gating
    /// block so far, one every 100 ms: what the integrated loudness gates (see `GatingBlocks`).
    public private(set) var blockPowers: [Double] = []

    /// What a meter measures besides integrated loudness.
    public enum Peaks: Sendable {
        /// No peaks: the cheapest.
        case none
        /// The largest sample: nearly as cheap as loudness alone.
        case sample
        /// The 4x oversampled true peak (and the sample peak): several times slower.
        case truePeak
    }

    static let hopsPerBlock = 4
    static let hopsPerShortTerm = 30

    private let weighting: KWeighting
    /// The channels two at a time: their offsets in a frame and their weights (the second
    /// repeats the first, weighted 0, for an odd channel out).
    private let pairs: [(first: Int, second: Int, weights: SIMD2<Double>)]
    private var filters: [KWeighting.State]
    private let hopFrames: Int
    private var framesIntoHop = 0
    /// The two channels' energies of each pair in the hop so far.
    private var hopSums: [SIMD2<Double>]
    /// The weighted energy of the last `hopsPerShortTerm` hops, a ring indexed by hop number.
    private var recentHops = [Double](repeating: 0, count: hopsPerShortTerm)
    private var hops = 0
    /// Hops between two readings of `shortTerm`; nil when no curve is kept.
    private let shortTermHops: Int?
    private let peaks: Peaks
    /// The largest sample magnitudes so far, the channels of each pair in the lanes.
    private var highestSamples = SIMD2<Double>()
    private var truePeakMeter: TruePeakMeter?

    /// - Parameter truePeak: whether to measure the true peak too; without it the meter runs
    ///   several times faster and `truePeak`/`samplePeak` read minus infinity.
    public init(channels: Int, sampleRate: Int, truePeak: Bool = true) throws {
        try self.init(channels: channels, sampleRate: sampleRate, peaks: truePeak ? .truePeak : .none)
    }

    /// - Parameter shortTermSeconds: keep `shortTerm`, a reading every so many seconds, rounded
    ///   to whole 100 ms hops (the readings cost nothing next to the filtering).
    public init(channels: Int, sampleRate: Int, peaks: Peaks, shortTermSeconds: Double? = nil) throws {
        guard (1...64).contains(channels), (8000...384_000).contains(sampleRate) else {
            throw MixingError.invalidParameter(
                "loudness meter for \(channels) channels at \(sampleRate) Hz (1-64 channels, 8-384 kHz)")
        }
        if let seconds = shortTermSeconds, !(seconds > 0 && seconds < 1e6) {
            throw MixingError.invalidParameter("short-term loudness every \(seconds) s")
        }
        self.channels = channels
        self.sampleRate = sampleRate
        self.peaks = peaks
        weighting = KWeighting(sampleRate: sampleRate)
        let weights = Self.channelWeights(channels)
        pairs = stride(from: 0, to: channels, by: 2).map { first in
            let second = min(first + 1, channels - 1)
            return (first, second, SIMD2(weights[first], second == first ? 0 : weights[second]))
        }
        filters = Array(repeating: KWeighting.State(), count: pairs.count)
        hopSums = Array(repeating: SIMD2(), count: pairs.count)
        hopFrames = (sampleRate + 5) / 10
        shortTermHops = shortTermSeconds.map { max(1, Int(($0 * 10).rounded())) }
        truePeakMeter = peaks == .truePeak ? try TruePeakMeter(channels: channels, sampleRate: sampleRate) : nil
    }

    /// BS.1770 channel weights in libebur128's default order (see the type's comment).
    static func channelWeights(_ channels: Int) -> [Double] {
        let surround = 1.41
        switch channels {
        case 4: return [1, 1, surround, surround]
        case 5: return [1, 1, 1, surround, surround]
        default:
            let order: [Double] = [1, 1, 1, 0, surround, surround]
            return (0..<channels).map { $0 < order.count ? order[$0] : 0 }
        }
    }

    /// Adds interleaved samples (a whole number of frames) to the measurement.
    public mutating func add(_ interleaved: UnsafeBufferPointer<Float>) throws {
        guard interleaved.count % channels == 0 else {
            throw MixingError.invalidParameter(
                "\(interleaved.count) samples are not whole frames of \(channels) channels")
        }
        let frames = interleaved.count / channels
        guard frames > 0, let base = interleaved.baseAddress else { return }
        var done = 0
        while done < frames {
            let part = min(frames - done, hopFrames - framesIntoHop)
            let start = base + done * channels
            for index in pairs.indices {
                let pair = pairs[index]
                weighting.addEnergy(
                    of: start, frames: part, channels: channels, first: pair.first, second: pair.second,
                    state: &filters[index], to: &hopSums[index], largest: &highestSamples)
            }
            done += part
            framesIntoHop += part
            if framesIntoHop == hopFrames { endHop() }
        }
        frameCount += frames
        try truePeakMeter?.add(interleaved)
    }

    /// Adds interleaved samples from an array.
    public mutating func add(_ interleaved: [Float]) throws {
        try interleaved.withUnsafeBufferPointer { try add($0) }
    }

    private mutating func endHop() {
        var energy = 0.0
        for index in pairs.indices {
            energy += (hopSums[index] * pairs[index].weights).sum()
            hopSums[index] = SIMD2()
            filters[index].flushTiny()
        }
        recentHops[hops % Self.hopsPerShortTerm] = energy
        hops += 1
        framesIntoHop = 0
        if hops >= Self.hopsPerBlock { blockPowers.append(power(ofLastHops: Self.hopsPerBlock)) }
        if let shortTermHops, hops % shortTermHops == 0 {
            shortTerm.append(Self.loudness(ofPower: power(ofLastHops: Self.hopsPerShortTerm)))
        }
    }

    /// Mean-square power of the last `count` complete hops; hops before the start count as
    /// silence.
    private func power(ofLastHops count: Int) -> Double {
        var sum = 0.0
        for back in 1...count where hops - back >= 0 {
            sum += recentHops[(hops - back) % Self.hopsPerShortTerm]
        }
        return sum / Double(count * hopFrames)
    }

    static func loudness(ofPower power: Double) -> Double {
        power > 0 ? -0.691 + 10 * log10(power) : -Double.infinity
    }

    /// Gated integrated loudness of everything added, in LUFS; minus infinity for silence or
    /// anything shorter than one 400 ms block.
    public var integratedLoudness: Double {
        GatingBlocks.integratedLoudness(blockPowers)
    }

    /// Loudness of the last four complete 100 ms hops, in LUFS (BS.1770 momentary loudness,
    /// ungated: the last 400 ms when read on a hop boundary); minus infinity for silence.
    public var momentaryLoudness: Double {
        Self.loudness(ofPower: power(ofLastHops: Self.hopsPerBlock))
    }

    /// The highest true peak (4x oversampled below 96 kHz, by `TruePeakMeter`) over all
    /// channels, in dBTP; minus infinity for silence or without true-peak measurement.
    public var truePeak: Double {
        // The meter holds its last few frames back; a copy pushes them through.
        guard var meter = truePeakMeter else { return -Double.infinity }
        return meter.finish()
    }

    /// The highest sample magnitude over all channels, in dBFS; minus infinity for silence or
    /// without peak measurement.
    public var samplePeak: Double {
        let highest = highestSamples.max()
        return peaks != .none && highest > 0 ? 20 * log10(highest) : -Double.infinity
    }
}
