/// A small RGB picture with its time, as analysis reads it.
public struct Picture: Sendable {
    /// Seconds from the first video frame.
    public var time: Double
    public var width: Int
    public var height: Int
    /// Packed RGB, 3 bytes a pixel.
    public var rgb: [UInt8]

    public init(time: Double, width: Int, height: Int, rgb: [UInt8]) {
        precondition(rgb.count == width * height * 3, "RGB buffer does not match the picture size")
        self.time = time
        self.width = width
        self.height = height
        self.rgb = rgb
    }
}
