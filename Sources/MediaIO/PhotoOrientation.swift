/// How a camera says its picture must be turned to stand upright: the EXIF Orientation tag
/// (1-8), which phones set instead of rotating the pixels. Players of still images honour it, so
/// a slideshow must too, or every portrait shot lies on its side.
struct PhotoOrientation: Equatable {
    /// Quarter turns clockwise to apply after the mirror (0...3).
    var clockwiseQuarterTurns: Int
    /// Mirror left-right before turning.
    var mirrored: Bool

    static let upright = PhotoOrientation(clockwiseQuarterTurns: 0, mirrored: false)

    /// From the EXIF value; anything outside 1...8 counts as upright.
    init(exif value: Int) {
        switch value {
        case 2: self.init(clockwiseQuarterTurns: 0, mirrored: true)
        case 3: self.init(clockwiseQuarterTurns: 2, mirrored: false)
        case 4: self.init(clockwiseQuarterTurns: 2, mirrored: true)
        case 5: self.init(clockwiseQuarterTurns: 3, mirrored: true)
        case 6: self.init(clockwiseQuarterTurns: 1, mirrored: false)
        case 7: self.init(clockwiseQuarterTurns: 1, mirrored: true)
        case 8: self.init(clockwiseQuarterTurns: 3, mirrored: false)
        default: self.init(clockwiseQuarterTurns: 0, mirrored: false)
        }
    }

    init(clockwiseQuarterTurns: Int, mirrored: Bool) {
        self.clockwiseQuarterTurns = ((clockwiseQuarterTurns % 4) + 4) % 4
        self.mirrored = mirrored
    }

    /// Whether the upright picture is the stored one with width and height exchanged.
    var swapsAxes: Bool { clockwiseQuarterTurns % 2 == 1 }

    /// Turns a packed RGB picture of `size` upright; returns the new pixels and size.
    func apply(to rgb: [UInt8], size: PixelSize) -> (rgb: [UInt8], size: PixelSize) {
        guard self != .upright else { return (rgb, size) }
        let width = size.width, height = size.height
        let result = swapsAxes ? PixelSize(width: height, height: width) : size
        var output = [UInt8](repeating: 0, count: rgb.count)
        rgb.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    for x in 0..<width {
                        let sx = mirrored ? width - 1 - x : x
                        // Where the (mirrored) pixel (x, y) lands after the quarter turns.
                        let tx: Int, ty: Int
                        switch clockwiseQuarterTurns {
                        case 1: (tx, ty) = (height - 1 - y, x)
                        case 2: (tx, ty) = (width - 1 - x, height - 1 - y)
                        case 3: (tx, ty) = (y, width - 1 - x)
                        default: (tx, ty) = (x, y)
                        }
                        let from = (y * width + sx) * 3
                        let to = (ty * result.width + tx) * 3
                        target[to] = source[from]
                        target[to + 1] = source[from + 1]
                        target[to + 2] = source[from + 2]
                    }
                }
            }
        }
        return (output, result)
    }
}
