import Foundation

/// Converts interleaved stereo up by a small ratio (`up` / `down`: 6 / 5, 40 kHz to 48 kHz, or
/// 3 / 2, 32 kHz to 48 kHz) with a polyphase windowed-sinc filter, streaming, with no delay:
/// output frame `j` is the input at the very time `j * down / up`.
///
/// The filter (`tapsPerPhase` input frames an output frame, Kaiser window, about 80 dB down,
/// its edge a little past the input's Nyquist frequency by default) keeps the input flat (within
/// 0.02 dB to 16 kHz for 40 kHz input) and removes every image that would fold back below 20 kHz
/// at the output rate (75 dB down); the images it lets through, just past 20 kHz, lie above
/// hearing, where an AAC encoder cuts anyway. From 32 kHz the edge sits lower (`cutoff` 0.9,
/// 14.4 kHz), flat within 0.02 dB to 8 kHz, so that the images of the top octave go too.
struct RateConverter {
    let up: Int
    let down: Int
    static let tapsPerPhase = 24
    private static let kaiserBeta = 8.0

    /// Phase `p`'s coefficients, oldest input first, each twice (for the left and the right
    /// sample of a frame), `2 * tapsPerPhase` a phase.
    private let coefficients: [Float]
    /// Upsampled positions between an output frame's time and the filter's newest tap.
    private let lead: Int
    /// Input frames not yet needed by every later output, interleaved, from frame `firstKept`
    /// on (negative frames are the silence before the start).
    private var kept = [Float](repeating: 0, count: 2 * tapsPerPhase)
    private var firstKept = -tapsPerPhase
    private var received = 0
    private var produced = 0

    /// - Parameters:
    ///   - up: output frames per `down` input frames (`up` > `down`).
    ///   - cutoff: the filter's edge, as a share of the input's Nyquist frequency.
    init(up: Int, down: Int, cutoff: Double = 1.125) {
        precondition(up > down && down > 0, "a rate converter goes up")
        self.up = up
        self.down = down
        let taps = up * Self.tapsPerPhase
        // The centre on a whole upsampled position, so that output frames land exactly on
        // their times (half a position off would delay everything by 2 microseconds).
        let lead = (taps - 1) / 2
        let centre = Double(lead)
        // Cutoff in cycles per upsampled sample: the input's Nyquist is 1 / (2 up).
        let edge = cutoff / (2 * Double(up))
        let bessel = { (x: Double) -> Double in
            var sum = 1.0, term = 1.0, k = 1.0
            while term > 1e-12 * sum {
                term *= (x / (2 * k)) * (x / (2 * k))
                sum += term
                k += 1
            }
            return sum
        }
        var impulse = [Double](repeating: 0, count: taps)
        for index in 0..<taps {
            let offset = Double(index) - centre
            let sinc = offset == 0 ? 1 : sin(2 * .pi * edge * offset) / (2 * .pi * edge * offset)
            let ratio = offset / Double(taps - lead)
            let window = bessel(Self.kaiserBeta * (1 - ratio * ratio).squareRoot()) / bessel(Self.kaiserBeta)
            // Times `up`: the zeros stuffed between input frames take that share of the level.
            impulse[index] = 2 * edge * sinc * window * Double(up)
        }
        // Phase p holds taps p, p + up, p + 2 up, ...; reversed so that the newest input frame
        // meets the last coefficient.
        var coefficients = [Float](repeating: 0, count: 2 * taps)
        for phase in 0..<up {
            for tap in 0..<Self.tapsPerPhase {
                let slot = 2 * (phase * Self.tapsPerPhase + (Self.tapsPerPhase - 1 - tap))
                coefficients[slot] = Float(impulse[phase + up * tap])
                coefficients[slot + 1] = Float(impulse[phase + up * tap])
            }
        }
        self.coefficients = coefficients
        self.lead = lead
    }

    /// Takes interleaved stereo input and hands `output` the output frames it completes (the
    /// buffer is the converter's, valid during the call).
    mutating func convert(
        _ input: UnsafeBufferPointer<Float>, output: (UnsafeMutableBufferPointer<Float>) throws -> Void
    ) rethrows {
        kept.append(contentsOf: input)
        received += input.count / 2
        try emit(upTo: Int.max, output: output)
    }

    /// Hands `output` the rest of `total` output frames, seeing silence past the input's end.
    mutating func finish(total: Int, output: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        precondition(produced <= total, "more output than asked for")
        let needed = newestInput(of: total - 1) + 1
        if needed > received {
            kept.append(contentsOf: repeatElement(0, count: 2 * (needed - received)))
            received = needed
        }
        try emit(upTo: total, output: output)
    }

    /// The newest input frame output frame `j` reads.
    private func newestInput(of frame: Int) -> Int {
        (frame * down + lead) / up
    }

    private mutating func emit(upTo limit: Int, output: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let taps = Self.tapsPerPhase
        // Output frame j can be made once its newest input has come: j * down + lead < received * up.
        let ready = max(0, (received * up - lead + down - 1) / down)
        let frame = max(produced, min(limit, ready))
        let count = frame - produced
        guard count > 0 else { return }
        var outputs = [Float](repeating: 0, count: count * 2)
        let (up, down) = (up, down)
        // The first output's phase and oldest input, stepped on from there without dividing.
        let start = produced * down + lead
        var phase = start % up
        // Indices into the kept input, which begins with `taps` frames of silence before frame 0.
        var oldest = start / up - taps + 1 - firstKept
        coefficients.withUnsafeBufferPointer { coefficients in
            kept.withUnsafeBufferPointer { kept in
                outputs.withUnsafeMutableBufferPointer { outputs in
                    for index in 0..<count {
                        let weights = coefficients.baseAddress! + 2 * phase * taps
                        let sums = Self.dot(weights, kept.baseAddress! + 2 * oldest)
                        outputs[2 * index] = sums.x
                        outputs[2 * index + 1] = sums.y
                        phase += down
                        while phase >= up {
                            phase -= up
                            oldest += 1
                        }
                    }
                }
            }
        }
        produced = frame
        // Keep only what later outputs still read.
        let stillNeeded = max(0, newestInput(of: produced) - taps + 1)
        if stillNeeded - firstKept > 65_536 {
            kept.removeFirst(2 * (stillNeeded - firstKept))
            firstKept = stillNeeded
        }
        try outputs.withUnsafeMutableBufferPointer { try output($0) }
    }

    /// Both channels' dot products with one phase's weights, over interleaved frames: two
    /// frames a vector, so that one short sum at the end gives left and right.
    @inline(__always)
    private static func dot(_ weights: UnsafePointer<Float>, _ frames: UnsafePointer<Float>) -> SIMD2<Float> {
        var first = SIMD4<Float>()
        var second = SIMD4<Float>()
        for offset in stride(from: 0, to: 2 * tapsPerPhase, by: 8) {
            first += UnsafeRawPointer(weights + offset).loadUnaligned(as: SIMD4<Float>.self)
                * UnsafeRawPointer(frames + offset).loadUnaligned(as: SIMD4<Float>.self)
            second += UnsafeRawPointer(weights + offset + 4).loadUnaligned(as: SIMD4<Float>.self)
                * UnsafeRawPointer(frames + offset + 4).loadUnaligned(as: SIMD4<Float>.self)
        }
        let both = first + second
        return SIMD2(both[0] + both[2], both[1] + both[3])
    }
}
