import Foundation
import TestSupport

/// Still images for the photo tests, made by ffmpeg (and, for EXIF orientation, patched here).
extension Clip {
    /// A red 320x240 picture with a white block in its top-left corner, so that a turn shows.
    static func markedPicture(_ name: String, extra: [String] = []) -> Clip {
        Clip(
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
