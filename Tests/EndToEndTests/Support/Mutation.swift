import Foundation
import TestSupport

/// A small seeded random generator (SplitMix64), so that a damaged file can be made again from
/// its seed on any machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Ways of damaging a file, as a fuzzer or a bad disk does.
enum Mutation {
    /// Flips `count` bytes after the first tenth of the file (the header mostly survives, as in
    /// real damage), each XORed with a non-zero value.
    static func flipBytes(_ data: Data, seed: UInt64, count: Int) -> Data {
        var bytes = [UInt8](data)
        var random = SplitMix64(seed: seed)
        let start = bytes.count / 10
        guard bytes.count > start + 1 else { return data }
        for _ in 0..<count {
            let position = start + Int(random.next() % UInt64(bytes.count - start))
            bytes[position] ^= UInt8(truncatingIfNeeded: random.next()) | 1
        }
        return Data(bytes)
    }

    /// One of: byte flips, truncation, a zeroed range, a duplicated range; chosen by the seed.
    static func any(_ data: Data, seed: UInt64) -> (data: Data, kind: String) {
        var random = SplitMix64(seed: seed)
        let length = data.count
        guard length > 64 else { return (data, "unchanged") }
        let start = Int(random.next() % UInt64(length))
        let span = 1 + Int(random.next() % UInt64(max(1, length / 8)))
        switch random.next() % 4 {
        case 0:
            return (flipBytes(data, seed: random.next(), count: 1 + Int(random.next() % 64)), "byte flips")
        case 1:
            return (data.prefix(max(16, start)), "truncated at \(max(16, start))")
        case 2:
            var bytes = [UInt8](data)
            for index in start..<min(length, start + span) { bytes[index] = 0 }
            return (Data(bytes), "zeroed \(start)+\(span)")
        default:
            let end = min(length, start + span)
            let copy = data[start..<end]
            return (data.prefix(end) + copy + data.suffix(from: end), "duplicated \(start)+\(end - start)")
        }
    }
}
