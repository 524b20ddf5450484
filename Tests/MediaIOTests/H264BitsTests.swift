import Testing

@testable import MediaIO

@Suite("H.264 bits")
struct H264BitsTests {
    @Test("Exp-Golomb codes read back what was written, across byte boundaries")
    func expGolomb() throws {
        let values: [UInt32] = [0, 1, 2, 3, 7, 8, 254, 255, 8160, 65_535, 1 << 20]
        let signedValues: [Int32] = [0, 1, -1, 2, -2, 26, -26, 1000]
        var writer = H264BitWriter()
        writer.bit(1)
        for value in values { writer.unsigned(value) }
        for value in signedValues { writer.signed(value) }
        writer.bits(0b101, 3)
        writer.trailingBits()
        var reader = H264BitReader(writer.bytes)
        #expect(try reader.bit() == 1)
        #expect(try values.map { _ in try reader.unsigned() } == values)
        #expect(try signedValues.map { _ in try reader.signed() } == signedValues)
        #expect(try reader.bits(3) == 0b101)
        #expect(!reader.moreData())
        // ue(0) is the single bit 1; ue(3) is 00100.
        var small = H264BitWriter()
        small.unsigned(0)
        small.unsigned(3)
        small.trailingBits()
        #expect(small.bytes == [0b1001_0010])
    }

    @Test("Emulation prevention: escaped payloads never hold a start code and unescape to themselves")
    func emulationPrevention() {
        let payloads: [[UInt8]] = [
            [0, 0, 0], [0, 0, 1, 0, 0, 2, 0, 0, 3], [1, 0, 0, 0, 0, 0, 4], [0x41, 0x9A, 0, 0],
        ]
        for payload in payloads {
            let unit = H264Bits.escaped(payload)
            #expect(H264Bits.unescaped(unit) == payload)
            let hasStartCode = unit.indices.dropLast(2).contains {
                unit[$0] == 0 && unit[$0 + 1] == 0 && unit[$0 + 2] <= 2
            }
            #expect(!hasStartCode, "\(unit)")
        }
        #expect(H264Bits.escaped([0, 0, 1]) == [0, 0, 3, 1])
        let stream: [UInt8] = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 0, 0, 3, 1]
        #expect(H264Bits.nalUnits(stream) == [[0x67, 1, 2], [0x68, 3], [0x65, 0, 0, 3, 1]])
    }

    @Test("A stream without parameter sets, or cut short, is refused, not guessed")
    func refusesBadHeaders() {
        #expect(throws: H264SyntaxError.malformed("no sequence or picture parameter set")) {
            _ = try H264RepeatedPicture(annexB: [0, 0, 0, 1, 0x65, 0x88])
        }
        #expect(throws: H264SyntaxError.truncated) {
            _ = try H264RepeatedPicture(annexB: [0, 0, 0, 1, 0x67, 100, 0, 40, 0, 0, 0, 1, 0x68, 0xEB])
        }
    }
}
