/// A width and height in pixels.
public struct PixelSize: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Full HD, the default frame of a slideshow.
    public static let fullHD = PixelSize(width: 1920, height: 1080)

    public var pixels: Int64 { Int64(width) * Int64(height) }

    /// `1920x1080`.
    public var description: String { "\(width)x\(height)" }

    /// Parses `WIDTHxHEIGHT` (`1280x720`); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        self.init(width: width, height: height)
    }

    /// The largest size with this one's aspect ratio that fits inside `box`, never smaller than 1x1.
    func fitted(into box: PixelSize) -> PixelSize {
        let scale = min(Double(box.width) / Double(width), Double(box.height) / Double(height))
        return PixelSize(
            width: max(1, min(box.width, Int((Double(width) * scale).rounded()))),
            height: max(1, min(box.height, Int((Double(height) * scale).rounded()))))
    }
}

/// A still photo decoded, turned upright as its EXIF orientation says, and scaled to fit a box
/// (keeping its aspect ratio): packed RGB, 3 bytes a pixel, rows top to bottom.
public struct Photo: Sendable {
    public var size: PixelSize
    public var rgb: [UInt8]
    /// The picture size the file stores, before orientation.
    public var storedSize: PixelSize
    /// The EXIF orientation that was applied (1 upright ... 8), 1 when the file has none.
    public var orientation: Int

    public init(size: PixelSize, rgb: [UInt8], storedSize: PixelSize, orientation: Int = 1) {
        precondition(rgb.count == size.width * size.height * 3, "RGB buffer does not match the photo size")
        self.size = size
        self.rgb = rgb
        self.storedSize = storedSize
        self.orientation = orientation
    }

    /// The upright size of the stored picture (width and height swapped for a quarter turn).
    public var uprightSize: PixelSize {
        PhotoOrientation(exif: orientation).swapsAxes
            ? PixelSize(width: storedSize.height, height: storedSize.width) : storedSize
    }
}
