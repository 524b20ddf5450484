/// The bit-level pieces of H.264 (ITU-T H.264 §7.2, §9.1) that a slideshow needs to write its
/// own repeated pictures: NAL units in Annex B byte streams, emulation prevention, and
/// Exp-Golomb codes.
enum H264Bits {
    /// The NAL units of an Annex B byte stream (start codes removed, still escaped).
    static func nalUnits(_ bytes: [UInt8]) -> [[UInt8]] {
        var units: [[UInt8]] = []
        var index = 0
        var start: Int?
        while index + 2 < bytes.count {
            if bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 1 {
                if let begin = start { units.append(trimmed(bytes[begin..<index])) }
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        if let begin = start, begin < bytes.count { units.append(trimmed(bytes[begin...])) }
        return units.filter { !$0.isEmpty }
    }

    /// Trailing zero bytes belong to the next start code (00 00 00 01), not to the unit.
    private static func trimmed(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        var end = slice.endIndex
        while end > slice.startIndex, slice[end - 1] == 0 { end -= 1 }
        return Array(slice[slice.startIndex..<end])
    }

    /// The payload of a NAL unit with emulation prevention bytes (00 00 03) removed.
    static func unescaped(_ unit: [UInt8]) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(unit.count)
        var zeros = 0
        for byte in unit {
            if zeros >= 2 && byte == 3 {
                zeros = 0
                continue
            }
            payload.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return payload
    }

    /// A payload escaped so that no 00 00 0x (x <= 3) appears inside the unit.
    static func escaped(_ payload: [UInt8]) -> [UInt8] {
        var unit: [UInt8] = []
        unit.reserveCapacity(payload.count + 8)
        var zeros = 0
        for byte in payload {
            if zeros >= 2 && byte <= 3 {
                unit.append(3)
                zeros = 0
            }
            unit.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return unit
    }

    /// An Annex B unit: a four-byte start code, then the escaped unit.
    static func annexB(_ payload: [UInt8]) -> [UInt8] {
        [0, 0, 0, 1] + escaped(payload)
    }
}

/// Reads bits, most significant first, from an unescaped NAL payload.
struct H264BitReader {
    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var bitsLeft: Int { bytes.count * 8 - position }

    mutating func bit() throws(H264SyntaxError) -> UInt32 {
        guard position < bytes.count * 8 else { throw .truncated }
        let value = (bytes[position >> 3] >> (7 - UInt8(position & 7))) & 1
        position += 1
        return UInt32(value)
    }

    mutating func bits(_ count: Int) throws(H264SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count { value = value << 1 | (try bit()) }
        return value
    }

    /// ue(v).
    mutating func unsigned() throws(H264SyntaxError) -> UInt32 {
        var zeros = 0
        while try bit() == 0 {
            zeros += 1
            guard zeros < 32 else { throw .malformed("an Exp-Golomb code over 32 bits") }
        }
        return (UInt32(1) << zeros) - 1 + (try bits(zeros))
    }

    /// se(v).
    mutating func signed() throws(H264SyntaxError) -> Int32 {
        let code = try unsigned()
        return code & 1 == 1 ? Int32((code + 1) / 2) : -Int32(code / 2)
    }

    /// more_rbsp_data(): is there anything before the stop bit?
    func moreData() -> Bool {
        guard let last = bytes.lastIndex(where: { $0 != 0 }) else { return false }
        let stop = last * 8 + 7 - bytes[last].trailingZeroBitCount
        return position < stop
    }
}

/// Writes bits, most significant first.
struct H264BitWriter {
    private(set) var bytes: [UInt8] = []
    private var count = 0

    mutating func bit(_ value: UInt32) {
        if count & 7 == 0 { bytes.append(0) }
        if value & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count & 7) }
        count += 1
    }

    mutating func bits(_ value: UInt32, _ width: Int) {
        for shift in stride(from: width - 1, through: 0, by: -1) { bit(value >> UInt32(shift)) }
    }

    /// ue(v).
    mutating func unsigned(_ value: UInt32) {
        let code = UInt64(value) + 1
        let width = 64 - code.leadingZeroBitCount
        bits(0, width - 1)
        for shift in stride(from: width - 1, through: 0, by: -1) { bit(UInt32((code >> UInt64(shift)) & 1)) }
    }

    /// se(v).
    mutating func signed(_ value: Int32) {
        unsigned(value > 0 ? UInt32(value) * 2 - 1 : UInt32(-Int64(value)) * 2)
    }

    /// rbsp_trailing_bits(): a stop bit, then zeros to the byte boundary.
    mutating func trailingBits() {
        bit(1)
        while count & 7 != 0 { bit(0) }
    }
}

/// Why a stream's parameter sets cannot be used for written pictures.
enum H264SyntaxError: Error, Equatable {
    case truncated
    case malformed(String)
    case unsupported(String)
}
