import Foundation

/// The K-weighting of ITU-R BS.1770-4 at any sample rate: the pre-filter (a high shelf, +4 dB
/// above about 1.7 kHz, modelling the head) followed by the RLB high-pass (about 38 Hz), both
/// second-order sections in Double.
///
/// The standard tabulates the coefficients for 48 kHz only. Here each section is the bilinear
/// transform of its analog prototype (a shelf or a high-pass with a centre frequency, a Q and,
/// for the shelf, a gain), pre-warped so that the centre frequency is where it belongs at every
/// rate; the prototype parameters are those that reproduce the 48 kHz table.
struct KWeighting: Equatable {
    /// One biquad, normalised so that a0 = 1: y = b0 x + b1 x' + b2 x'' - a1 y' - a2 y''.
    struct Section: Equatable {
        var b0, b1, b2, a1, a2: Double
    }

    let shelf: Section
    let highPass: Section

    init(sampleRate: Int) {
        let rate = Double(sampleRate)
        shelf = Self.highShelf(
            centre: 1681.974450955533, gainDecibels: 3.999843853973347, q: 0.7071752369554196, sampleRate: rate)
        highPass = Self.highPass(centre: 38.13547087602444, q: 0.5003270373238773, sampleRate: rate)
    }

    /// The shelf H(s) = (Vh s² + Vb (ω0/Q) s + ω0²) / (s² + (ω0/Q) s + ω0²), high-frequency gain
    /// Vh, mid-band gain Vb (the geometric mean that puts the transition where the table has
    /// it), bilinear-transformed with K = tan(π f0 / fs).
    static func highShelf(centre: Double, gainDecibels: Double, q: Double, sampleRate: Double) -> Section {
        let k = tan(Double.pi * centre / sampleRate)
        let high = pow(10, gainDecibels / 20)
        let middle = pow(high, 0.4996667741545416)
        let a0 = 1 + k / q + k * k
        return Section(
            b0: (high + middle * k / q + k * k) / a0,
            b1: 2 * (k * k - high) / a0,
            b2: (high - middle * k / q + k * k) / a0,
            a1: 2 * (k * k - 1) / a0,
            a2: (1 - k / q + k * k) / a0)
    }

    /// The high-pass H(s) = s² / (s² + (ω0/Q) s + ω0²), bilinear-transformed. The standard's
    /// numerator is 1, -2, 1 (unity gain at Nyquist), so only the denominator is scaled.
    static func highPass(centre: Double, q: Double, sampleRate: Double) -> Section {
        let k = tan(Double.pi * centre / sampleRate)
        let a0 = 1 + k / q + k * k
        return Section(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
    }

    /// The filter memory of two channels side by side (transposed direct form II, two values
    /// per section).
    struct State {
        var shelf1 = SIMD2<Double>()
        var shelf2 = SIMD2<Double>()
        var highPass1 = SIMD2<Double>()
        var highPass2 = SIMD2<Double>()

        /// Sets memory too small to matter to zero: a decaying filter would otherwise reach
        /// subnormal numbers after seconds of silence, which are many times slower.
        mutating func flushTiny() {
            func flushed(_ value: SIMD2<Double>) -> SIMD2<Double> {
                value.replacing(with: 0, where: value .< 1e-30 .& value .> -1e-30)
            }
            (shelf1, shelf2) = (flushed(shelf1), flushed(shelf2))
            (highPass1, highPass2) = (flushed(highPass1), flushed(highPass2))
        }
    }

    /// Filters `frames` frames of two channels of interleaved audio (`channels` samples a frame;
    /// `first` and `second` are the channels' offsets in a frame) and adds the squares of the
    /// two K-weighted channels to `total`, a sample at a time (so chunking cannot change it).
    /// Raises `largest` to the largest sample magnitudes on the way: the loop waits on the
    /// filters' feedback, so that costs next to nothing.
    func addEnergy(
        of samples: UnsafePointer<Float>, frames: Int, channels: Int, first: Int, second: Int, state: inout State,
        to total: inout SIMD2<Double>, largest: inout SIMD2<Double>
    ) {
        let (b0, b1, b2) = (SIMD2(repeating: shelf.b0), SIMD2(repeating: shelf.b1), SIMD2(repeating: shelf.b2))
        let (a1, a2) = (SIMD2(repeating: shelf.a1), SIMD2(repeating: shelf.a2))
        let (c1, c2) = (SIMD2(repeating: highPass.a1), SIMD2(repeating: highPass.a2))
        var (s1, s2, h1, h2) = (state.shelf1, state.shelf2, state.highPass1, state.highPass2)
        var sum = total
        var highest = largest
        var index = 0
        for _ in 0..<frames {
            let x = SIMD2(Double(samples[index &+ first]), Double(samples[index &+ second]))
            index &+= channels
            highest = highest.replacing(with: x, where: x .> highest).replacing(with: -x, where: -x .> highest)
            let shelved = b0 * x + s1
            s1 = b1 * x - a1 * shelved + s2
            s2 = b2 * x - a2 * shelved
            // The high-pass numerator is 1, -2, 1.
            let weighted = shelved + h1
            h1 = -2 * shelved - c1 * weighted + h2
            h2 = shelved - c2 * weighted
            sum += weighted * weighted
        }
        state = State(shelf1: s1, shelf2: s2, highPass1: h1, highPass2: h2)
        total = sum
        largest = highest
    }
}
