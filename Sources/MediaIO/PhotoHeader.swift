/// What the first bytes of a still image say about it, read before any decoder runs: the kind of
/// file and the stored picture size. The size is checked against the pixel cap here, so that a
/// small file declaring a huge picture (a 30000x30000 PNG compresses to a few hundred kilobytes)
/// is refused before a decoder allocates its frame.
struct PhotoHeader: Equatable {
    enum Kind: String {
        case jpeg, png, webp, gif, bmp, tiff
    }

    var kind: Kind
    /// Stored width and height (before EXIF orientation); nil when the header does not say.
    var width: Int?
    var height: Int?

    /// Bytes read for the header: enough for a JPEG's EXIF block (at most 64 KB) and its frame header.
    static let prefixBytes = 256 * 1024

    /// Recognises the image in `bytes` (the start of the file), or nil when it is not one.
    init?(_ bytes: [UInt8]) {
        func bigEndian(_ offset: Int, _ count: Int) -> Int? {
            guard offset + count <= bytes.count else { return nil }
            return bytes[offset..<(offset + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        func littleEndian(_ offset: Int, _ count: Int) -> Int? {
            guard offset + count <= bytes.count else { return nil }
            return bytes[offset..<(offset + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<(offset + signature.count)]) == signature
        }

        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            kind = .png
            if starts(Array("IHDR".utf8), at: 12) {
                width = bigEndian(16, 4)
                height = bigEndian(20, 4)
            }
        } else if starts([0xFF, 0xD8, 0xFF]) {
            kind = .jpeg
            if let size = Self.jpegFrameSize(bytes) {
                width = size.width
                height = size.height
            }
        } else if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) {
            kind = .webp
            if starts(Array("VP8X".utf8), at: 12) {
                width = littleEndian(24, 3).map { $0 + 1 }
                height = littleEndian(27, 3).map { $0 + 1 }
            } else if starts(Array("VP8L".utf8), at: 12), let bits = littleEndian(21, 4) {
                width = (bits & 0x3FFF) + 1
                height = ((bits >> 14) & 0x3FFF) + 1
            } else if starts(Array("VP8 ".utf8), at: 12), starts([0x9D, 0x01, 0x2A], at: 23) {
                width = littleEndian(26, 2).map { $0 & 0x3FFF }
                height = littleEndian(28, 2).map { $0 & 0x3FFF }
            }
        } else if starts(Array("GIF8".utf8)) {
            kind = .gif
            width = littleEndian(6, 2)
            height = littleEndian(8, 2)
        } else if starts(Array("BM".utf8)) {
            kind = .bmp
            width = littleEndian(18, 4).map { Int(Int32(truncatingIfNeeded: $0).magnitude) }
            height = littleEndian(22, 4).map { Int(Int32(truncatingIfNeeded: $0).magnitude) }
        } else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            kind = .tiff  // its size sits in an IFD anywhere in the file: the decoder's cap guards it
        } else {
            return nil
        }
    }

    /// The size in a JPEG's start-of-frame segment, walking the segments that come before it.
    private static func jpegFrameSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {  // fill byte
                offset += 1
                continue
            }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
                return (width, height)
            }
            if marker == 0xDA || length < 2 { return nil }  // scan data before any frame header
            offset += 2 + length
        }
        return nil
    }

    /// Whether a whole JPEG file ends its last scan with an end-of-image marker. A JPEG cut short
    /// still decodes (FFmpeg fills the missing rows with grey and warns), which in a slideshow is a
    /// broken photo shown for seconds: it is refused instead.
    static func jpegIsComplete(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 2
        var inScan = false
        while offset + 1 < bytes.count {
            if bytes[offset] != 0xFF {
                offset += 1
                continue
            }
            let marker = bytes[offset + 1]
            if inScan {
                // Inside entropy-coded data FF is followed by a stuffed 00, a restart marker or a
                // real marker that ends the scan.
                if marker == 0x00 || (0xD0...0xD7).contains(marker) || marker == 0xFF {
                    offset += marker == 0xFF ? 1 : 2
                    continue
                }
                inScan = false
            }
            if marker == 0xD9 { return true }
            if marker == 0xFF {
                offset += 1
                continue
            }
            guard offset + 3 < bytes.count else { return false }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2 else { return false }
            offset += 2 + length
            if marker == 0xDA { inScan = true }
        }
        return false
    }
}
