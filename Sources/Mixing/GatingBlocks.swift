import Foundation

/// The mean-square powers of a programme's BS.1770 gating blocks (400 ms, a new one every
/// 100 ms, K-weighted and summed over channels), from which the gated integrated loudness of
/// the programme, or of a sum of uncorrelated programmes, follows without another pass.
///
/// Two uncorrelated signals (speech and music) add in power, so the blocks of a mix are the
/// blocks of its parts added, with a part's gain squared: that is how a mix can be planned from
/// one measurement of each part.
public struct GatingBlocks: ~Copyable {
    public static let blockSeconds = 0.4
    public static let hopSeconds = 0.1
    private var meter: LoudnessMeter
    private let hopFrames: Int
    private var framesIntoHop = 0
    private var hops = 0
    /// One power per complete block, in order.
    public private(set) var powers: [Double] = []

    public init(channels: Int, sampleRate: Int) throws {
        meter = try LoudnessMeter(channels: channels, sampleRate: sampleRate, peaks: .none)
        hopFrames = Int((Double(sampleRate) * Self.hopSeconds).rounded())
    }

    /// Adds interleaved samples; any chunk size.
    public mutating func add(_ interleaved: UnsafeBufferPointer<Float>) throws {
        let channels = meter.channels
        var offset = 0
        while offset < interleaved.count {
            let frames = min(hopFrames - framesIntoHop, (interleaved.count - offset) / channels)
            guard frames > 0 else { break }
            try meter.add(UnsafeBufferPointer(rebasing: interleaved[offset..<(offset + frames * channels)]))
            offset += frames * channels
            framesIntoHop += frames
            if framesIntoHop == hopFrames {
                framesIntoHop = 0
                hops += 1
                // The first block is complete after four hops.
                if hops >= 4 { powers.append(Self.power(ofLoudness: meter.momentaryLoudness)) }
            }
        }
    }

    /// Mean-square power of a block that measures `lufs`.
    public static func power(ofLoudness lufs: Double) -> Double {
        lufs.isFinite ? pow10(lufs + 0.691) : 0
    }

    /// Gated integrated loudness (BS.1770-4: absolute gate -70 LUFS, relative gate -10 LU) of
    /// the blocks, in LUFS; minus infinity when no block passes the gates.
    public static func integratedLoudness(_ powers: [Double]) -> Double {
        let absolute = power(ofLoudness: -70)
        let loudEnough = powers.filter { $0 > absolute }
        guard !loudEnough.isEmpty else { return -Double.infinity }
        let relative = loudEnough.reduce(0, +) / Double(loudEnough.count) * pow10(-10)
        let gated = loudEnough.filter { $0 > relative }
        guard !gated.isEmpty else { return -Double.infinity }
        return -0.691 + 10 * log10(gated.reduce(0, +) / Double(gated.count))
    }

    private static func pow10(_ decibels: Double) -> Double { pow(10, decibels / 10) }
}
