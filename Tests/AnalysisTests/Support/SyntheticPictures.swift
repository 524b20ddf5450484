import Analysis

/// Pictures made in memory, for tests that need no decoder.
enum Synthetic {
    static let width = 64, height = 36, rate = 25.0

    /// A picture whose pixels come from `colour(x, y)`.
    static func picture(at time: Double, _ colour: (Int, Int) -> (UInt8, UInt8, UInt8)) -> Picture {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = colour(x, y)
                rgb[3 * (y * width + x)] = r
                rgb[3 * (y * width + x) + 1] = g
                rgb[3 * (y * width + x) + 2] = b
            }
        }
        return Picture(time: time, width: width, height: height, rgb: rgb)
    }

    /// A textured scene: a pattern that depends on `seed`, shifted by `shift` pixels.
    static func scene(_ seed: Int, shift: Int = 0, gain: Double = 1) -> (Int, Int) -> (UInt8, UInt8, UInt8) {
        { x, y in
            let u = x + shift
            let value = (u * (7 + seed) + y * (13 + 3 * seed) + (u / 8 + y / 6) * 40 * (seed + 1)) % 256
            let level = UInt8(max(0, min(255, Double(value) * gain)))
            return (level, UInt8(max(0, min(255, Double((value * 3 + seed * 50) % 256) * gain))), UInt8(255 - Int(level) / 2))
        }
    }

    /// A checkerboard over a diagonal gradient: unlike `scene` in every way.
    static func checker(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let on = (x / 6 + y / 5) % 2 == 0
        let ramp = UInt8((x + y) * 2)
        return on ? (230 - ramp / 2, 40, ramp) : (30, 200 - ramp / 3, 120)
    }

    static func blend(
        _ a: @escaping (Int, Int) -> (UInt8, UInt8, UInt8), _ b: @escaping (Int, Int) -> (UInt8, UInt8, UInt8),
        _ weight: Double
    ) -> (Int, Int) -> (UInt8, UInt8, UInt8) {
        { x, y in
            let p = a(x, y), q = b(x, y)
            func mix(_ u: UInt8, _ v: UInt8) -> UInt8 { UInt8((Double(u) * (1 - weight) + Double(v) * weight).rounded()) }
            return (mix(p.0, q.0), mix(p.1, q.1), mix(p.2, q.2))
        }
    }

    /// Runs the cut detector over `frames` pictures made by `content(frameIndex)`.
    static func cuts(frames: Int, _ content: (Int) -> (Int, Int) -> (UInt8, UInt8, UInt8)) -> [Double] {
        var analyzer = Analyzer()
        for index in 0..<frames { analyzer.add(picture(at: Double(index) / rate, content(index))) }
        return analyzer.finish(duration: Double(frames) / rate).cuts
    }
}
