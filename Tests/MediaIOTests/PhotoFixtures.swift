import Foundation

/// Still images for the photo tests, made by ffmpeg (and, for EXIF orientation, patched here).
extension Fixture {
    /// A red 320x240 picture with a white block in its top-left corner, so that a turn shows.
    static func markedPicture(_ name: String, extra: [String] = []) -> Fixture {
        Fixture(
            id: "marked \(name)", fileName: name,
            steps: [
                ["-f", "lavfi", "-i", "color=c=red:s=320x240,drawbox=x=0:y=0:w=80:h=60:color=white:t=fill,format=rgb24"]
                    + ["-frames:v", "1"] + extra + [name]
            ])
    }

    static let markedJPEG = markedPicture("marked.jpg", extra: ["-q:v", "2"])
    static let markedPNG = markedPicture("marked.png")
    static let markedWebP = markedPicture("marked.webp", extra: ["-c:v", "libwebp", "-lossless", "1"])
}

enum EXIF {
    /// `jpeg` with an EXIF APP1 segment holding only the Orientation tag, inserted after SOI, as
    /// a phone writes it (big-endian TIFF header, one IFD entry).
    static func withOrientation(_ orientation: UInt16, _ jpeg: Data) -> Data {
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
}
