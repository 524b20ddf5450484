/// What one picture looks like, in numbers between 0 and 1.
public struct PictureFeatures: Sendable, Equatable, Codable {
    /// Mean luma.
    public var brightness: Double
    /// Mean HSV saturation.
    public var saturation: Double
    /// Share of warm hues (reds, oranges, yellows) among saturated pixels, 0..1.
    public var warmth: Double
    /// Standard deviation of luma, scaled so that 0.5 is a strongly contrasted picture.
    public var contrast: Double
    /// Share of pixels on a strong luma edge.
    public var edgeDensity: Double

    public init(brightness: Double, saturation: Double, warmth: Double, contrast: Double, edgeDensity: Double) {
        self.brightness = brightness
        self.saturation = saturation
        self.warmth = warmth
        self.contrast = contrast
        self.edgeDensity = edgeDensity
    }

    /// Measures a picture and returns its features along with its luma plane (0...255), which the
    /// cut detector compares between frames.
    public static func measure(_ picture: Picture) -> (features: PictureFeatures, luma: [Float]) {
        let count = picture.width * picture.height
        var luma = [Float](repeating: 0, count: count)
        var sumLuma: Double = 0
        var sumSquares: Double = 0
        var sumSaturation: Double = 0
        var saturated = 0
        var warm = 0
        picture.rgb.withUnsafeBufferPointer { rgb in
            for index in 0..<count {
                let r = Float(rgb[3 * index]), g = Float(rgb[3 * index + 1]), b = Float(rgb[3 * index + 2])
                let y = 0.299 * r + 0.587 * g + 0.114 * b
                luma[index] = y
                sumLuma += Double(y)
                sumSquares += Double(y * y)
                let high = max(r, g, b), low = min(r, g, b)
                let saturation = high > 0 ? (high - low) / high : 0
                sumSaturation += Double(saturation)
                if saturation > 0.2 && high > 40 {
                    saturated += 1
                    // Warm: red is the strongest channel, or red and green both beat blue clearly (yellow/orange).
                    if (r >= g && r >= b) || (r > b + 20 && g > b + 20) { warm += 1 }
                }
            }
        }
        let mean = sumLuma / Double(count)
        let variance = max(0, sumSquares / Double(count) - mean * mean)
        var edges = 0
        let width = picture.width
        for y in 1..<(picture.height - 1) {
            for x in 1..<(width - 1) {
                let index = y * width + x
                let gx = luma[index + 1] - luma[index - 1]
                let gy = luma[index + width] - luma[index - width]
                if gx * gx + gy * gy > 40 * 40 { edges += 1 }
            }
        }
        let inner = max(1, (picture.height - 2) * (width - 2))
        let features = PictureFeatures(
            brightness: mean / 255,
            saturation: sumSaturation / Double(count),
            warmth: saturated > 0 ? Double(warm) / Double(saturated) : 0.5,
            contrast: min(1, variance.squareRoot() / 128),
            edgeDensity: Double(edges) / Double(inner))
        return (features, luma)
    }
}
