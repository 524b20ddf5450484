import Foundation

/// Writes the EXIF Orientation tag into a JPEG, as a phone does (ffmpeg cannot).
public enum EXIF {
    /// `jpeg` with an EXIF APP1 segment holding only the Orientation tag, inserted after SOI, as
    /// a phone writes it (big-endian TIFF header, one IFD entry).
    public static func withOrientation(_ orientation: UInt16, _ jpeg: Data) -> Data {
        var tiff: [UInt8] = Array("MM".utf8) + [0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]
        tiff += [0x00, 0x01]  // one entry
        tiff += [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]  // Orientation, SHORT, count 1
        tiff += [UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0x00, 0x00]
        tiff += [0x00, 0x00, 0x00, 0x00]  // no next IFD
        let body: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let length = body.count + 2
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + body
        return jpeg.prefix(2) + Data(segment) + jpeg.dropFirst(2)
    }

    /// Rewrites the JPEG file `jpeg` with the Orientation tag inserted.
    public static func insert(_ orientation: UInt16, into jpeg: URL) throws {
        try withOrientation(orientation, try Data(contentsOf: jpeg)).write(to: jpeg)
    }
}
