import Foundation

/// The mean-square powers of a programme's BS.1770 gating blocks (400 ms, a new one every
/// 100 ms, K-weighted and summed over channels), from which the gated integrated loudness of
/// the programme, or of a sum of uncorrelated programmes, follows without another pass.
///
/// Two uncorrelated signals (speech and music) add in power, so the blocks of a mix are the
/// blocks of its parts added, with a part's gain squared: that is how a mix can be planned from
/// one measurement of each part.
public struct GatingBlocks: Sendable {
    public static let blockSeconds = 0.4
    public static let hopSeconds = 0.1
    private var meter: LoudnessMeter
    /// One power per complete block, in order.
    public var powers: [Double] { meter.blockPowers }

    public init(channels: Int, sampleRate: Int) throws {
        meter = try LoudnessMeter(channels: channels, sampleRate: sampleRate, peaks: .none)
    }

    /// Adds interleaved samples (whole frames); any chunk size.
    public mutating func add(_ interleaved: UnsafeBufferPointer<Float>) throws {
        try meter.add(interleaved)
    }

    /// Mean-square power of a block that measures `lufs`.
    public static func power(ofLoudness lufs: Double) -> Double {
        lufs.isFinite ? pow10(lufs + 0.691) : 0
    }

    /// Gated integrated loudness (BS.1770-4: absolute gate -70 LUFS, relative gate -10 LU) of
    /// the blocks, in LUFS; minus infinity when no block passes the gates.
    public static func integratedLoudness(_ powers: [Double]) -> Double {
        let absolute = power(ofLoudness: -70)
        var loudEnough = 0
        var loudSum = 0.0
        for power in powers where power > absolute {
            loudEnough += 1
            loudSum += power
        }
        guard loudEnough > 0 else { return -Double.infinity }
        let relative = loudSum / Double(loudEnough) * pow10(-10)
        var gated = 0
        var gatedSum = 0.0
        for power in powers where power > absolute && power > relative {
            gated += 1
            gatedSum += power
        }
        guard gated > 0 else { return -Double.infinity }
        return -0.691 + 10 * log10(gatedSum / Double(gated))
    }

    private static func pow10(_ decibels: Double) -> Double { pow(10, decibels / 10) }
}
