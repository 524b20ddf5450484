import Foundation

/// The gain the music gets under the original sound, per activity block: down by `depth` dB
/// while speech or loud sound is present, back to unity in the gaps.
///
/// The gain starts falling `attack` seconds before the sound starts (the analysis has the
/// whole file, so it can look ahead), is fully down when the first word begins, stays down
/// `hold` seconds after the last active block (so pauses between words and sentences do not
/// let the music bob up), and comes back over `release` seconds. The slopes are straight lines
/// in dB, so a level change is one smooth move rather than a pump.
public struct DuckingEnvelope: Sendable {
    public var depth: Double
    public var attack: Double
    public var hold: Double
    public var release: Double

    public init(depth: Double = 15, attack: Double = 0.15, hold: Double = 0.5, release: Double = 0.8) {
        self.depth = depth
        self.attack = attack
        self.hold = hold
        self.release = release
    }

    /// Linear gains, one per block of `blockSeconds`, for the given activity.
    public func gains(active: [Bool], blockSeconds: Double) -> [Float] {
        guard !active.isEmpty else { return [] }
        let attackBlocks = max(1, Int((attack / blockSeconds).rounded()))
        let holdBlocks = max(0, Int((hold / blockSeconds).rounded()))
        let releaseBlocks = max(1, Int((release / blockSeconds).rounded()))
        // Wanted: ducked from the block before an active one (gains are interpolated between
        // block centres, so that is what makes the gain fully down where the sound starts) to
        // `holdBlocks` after it.
        var wanted = [Bool](repeating: false, count: active.count)
        for (index, isActive) in active.enumerated() where isActive {
            let from = max(0, index - 1)
            let to = min(active.count - 1, index + holdBlocks)
            for block in from...to { wanted[block] = true }
        }
        // Slew-limit in dB, backwards for the attack (so the fall ends as the sound starts)
        // and forwards for the release.
        let fall = depth / Double(attackBlocks)
        let rise = depth / Double(releaseBlocks)
        var levels = wanted.map { $0 ? -depth : 0 }
        for index in stride(from: levels.count - 2, through: 0, by: -1) {
            levels[index] = min(levels[index], levels[index + 1] + fall)
        }
        for index in 1..<levels.count {
            levels[index] = min(levels[index], levels[index - 1] + rise)
        }
        return levels.map { Float(pow(10, $0 / 20)) }
    }

    /// The gain at `frame`, interpolated linearly between block centres so that the gain
    /// moves every sample instead of stepping every block.
    public static func gain(_ gains: [Float], atFrame frame: Int, blockFrames: Int) -> Float {
        gains.withUnsafeBufferPointer { gain($0, atFrame: frame, blockFrames: Double(blockFrames)) }
    }

    /// `gain(_:atFrame:blockFrames:)` for the consecutive frames from `firstFrame`, one per
    /// slot of `output`: the same values, a chunk at a time instead of a call per frame.
    public static func fill(
        _ output: UnsafeMutableBufferPointer<Float>, gains: [Float], fromFrame firstFrame: Int, blockFrames: Int
    ) {
        let blockFrames = Double(blockFrames)
        gains.withUnsafeBufferPointer { gains in
            var index = 0
            while index < output.count {
                let frame = firstFrame + index
                let value = gain(gains, atFrame: frame, blockFrames: blockFrames)
                output[index] = value
                index += 1
                // Between the centres of equal blocks the gain is that value exactly: the run
                // (most of the music, which is not ducked) is filled without interpolating,
                // stopping a frame short of where the interpolation could see another value.
                guard !gains.isEmpty else { continue }
                let position = (Double(frame) + 0.5) / blockFrames - 0.5
                var last = min(Int(max(position, 0)), gains.count - 1)
                guard gains[last] == value else { continue }
                while last + 1 < gains.count && gains[last + 1] == value { last += 1 }
                let runEnd =
                    last == gains.count - 1
                    ? Int.max : Int(((Double(last) + 0.5) * blockFrames - 0.5).rounded(.down)) - 1
                let end = min(output.count, runEnd == Int.max ? output.count : runEnd - firstFrame + 1)
                while index < end {
                    output[index] = value
                    index += 1
                }
            }
        }
    }

    @inline(__always)
    private static func gain(_ gains: UnsafeBufferPointer<Float>, atFrame frame: Int, blockFrames: Double) -> Float {
        guard !gains.isEmpty else { return 1 }
        let position = (Double(frame) + 0.5) / blockFrames - 0.5
        if position <= 0 { return gains[0] }
        let lower = Int(position)
        if lower >= gains.count - 1 { return gains[gains.count - 1] }
        let fraction = Float(position - Double(lower))
        return gains[lower] + (gains[lower + 1] - gains[lower]) * fraction
    }
}
