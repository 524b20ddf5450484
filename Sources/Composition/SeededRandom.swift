/// A small seedable pseudo-random generator (SplitMix64) and the few draws the composer needs.
///
/// The system generator is never used: the same seed has to give the same notes on every machine
/// and with every Swift release, so the integer and weighted draws are written out here as well
/// instead of relying on the standard library's `random(in:using:)`.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one purpose (for example the melody of section 3), so that a
    /// change in how one part draws numbers leaves every other part as it was.
    init(seed: UInt64, stream: Stream, index: Int = 0) {
        var mixed = Self.mix(seed ^ 0x5EED_50F7_0DA7_C4A1)
        mixed = Self.mix(mixed ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15))
        mixed = Self.mix(mixed ^ UInt64(truncatingIfNeeded: index &+ 1))
        state = mixed
    }

    /// What a stream is used for.
    enum Stream: UInt64 {
        case key = 1
        case progression, pad, bass, melody, drums, theme
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform integer in `0..<count`; `count` must be positive.
    mutating func int(below count: Int) -> Int {
        precondition(count > 0, "cannot draw from an empty range")
        return Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform number in `0..<1`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of a non-empty array, each equally likely.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[int(below: elements.count)]
    }

    /// An index into `weights`, each index as likely as its weight (weights must not all be 0).
    mutating func index(weightedBy weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var remaining = unit() * total
        for (index, weight) in weights.enumerated() {
            remaining -= weight
            if remaining < 0 { return index }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
