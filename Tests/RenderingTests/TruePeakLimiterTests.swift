import Foundation
import Testing

@testable import Mixing
@testable import Rendering

@Suite struct TruePeakLimiterTests {
    static let sampleRate = TestScores.sampleRate

    /// Runs `samples` through a limiter in chunks of `chunkFrames`, then flushes.
    static func limit(
        _ samples: [Float], ceiling: Double = -1.5, inputGain: Double = 0, chunkFrames: Int = 4096
    ) throws -> [Float] {
        var limiter = try TruePeakLimiter(
            ceiling: ceiling, channels: 2, sampleRate: sampleRate, inputGain: inputGain)
        var output: [Float] = []
        samples.withUnsafeBufferPointer { input in
            for start in stride(from: 0, to: input.count, by: chunkFrames * 2) {
                let end = min(start + chunkFrames * 2, input.count)
                limiter.process(UnsafeBufferPointer(rebasing: input[start..<end])) { output.append(contentsOf: $0) }
            }
        }
        limiter.flush { output.append(contentsOf: $0) }
        return output
    }

    static func truePeak(_ samples: [Float]) throws -> Double {
        var meter = try LoudnessMeter(channels: 2, sampleRate: sampleRate)
        try meter.add(samples)
        return meter.truePeak
    }

    /// Stereo frames from a per-frame function, the same in both channels.
    static func signal(seconds: Double, _ value: (Int) -> Float) -> [Float] {
        (0..<Int(seconds * Double(sampleRate))).flatMap { frame -> [Float] in
            let sample = value(frame)
            return [sample, sample]
        }
    }

    static let hotSignals: [(String, [Float])] = {
        var random = SplitMix(seed: 7)
        return [
            (
                "inter-sample peaks +6 dB",
                signal(seconds: 2) { Float(2 * sin(Double.pi / 2 * Double($0) + Double.pi / 4)) }
            ),
            ("997 Hz +10 dB", signal(seconds: 2) { Float(3.16 * sin(2 * Double.pi * 997 * Double($0) / 48000)) }),
            ("square +3 dB", signal(seconds: 2) { ($0 / 24) % 2 == 0 ? 1.4 : -1.4 }),
            ("noise bursts", signal(seconds: 3) { ($0 / 4800) % 3 == 0 ? random.next(in: 3) : random.next(in: 0.1) }),
            (
                "clicks on a quiet tone",
                signal(seconds: 2) {
                    $0 % 9600 == 0 ? 4 : ($0 % 9600 == 1 ? -4 : Float(0.05 * sin(Double($0) * 0.05)))
                }
            ),
        ]
    }()

    @Test(arguments: [1, 7, 1000, 4096, 100_000])
    func quietAudioPassesUnchangedAndAligned(chunkFrames: Int) throws {
        let sine = TestScores.sine(frequency: 440, amplitude: 0.5, seconds: 1.3)
        let output = try Self.limit(sine, chunkFrames: chunkFrames)
        #expect(output == sine)
    }

    @Test(arguments: 0..<5)
    func truePeakStaysUnderTheCeiling(index: Int) throws {
        let (name, input) = Self.hotSignals[index]
        let output = try Self.limit(input, ceiling: -1.5)
        #expect(output.count == input.count, "\(name)")
        #expect(try Self.truePeak(output) <= -1.5 + 1e-3, "\(name)")
        // Sample-aligned: the limiter only scales each sample down, never shifts or flips it.
        #expect(zip(input, output).allSatisfy { $0 * $1 >= 0 && abs($1) <= abs($0) * 1.0001 }, "\(name)")
    }

    @Test func gainReductionStaysNearThePeak() throws {
        // A quiet tone with one hot burst at 0.5 s.
        let burst = 24000..<24480
        let input = Self.signal(seconds: 4) { frame in
            let tone = Float(0.2 * sin(Double(frame) * 0.03))
            return burst.contains(frame) ? tone * 10 : tone
        }
        let output = try Self.limit(input, ceiling: -1.0)
        #expect(try Self.truePeak(output) <= -1.0 + 1e-3)
        // Untouched until the look-ahead (5 ms) before the burst ...
        let untouched = (burst.lowerBound - Self.sampleRate / 200 - 16) * 2
        #expect(output[0..<untouched] == input[0..<untouched])
        // ... recovered to within 0.2 % a second after it (the release time constant is 150 ms) ...
        let recovered = zip(input[(72000 * 2)..<(144_000 * 2)], output[(72000 * 2)..<(144_000 * 2)])
        #expect(recovered.allSatisfy { abs($1 - $0) <= abs($0) * 0.002 })
        // ... and passing bit for bit once the release has run out.
        #expect(output[(150_000 * 2)...] == input[(150_000 * 2)...])
    }

    @Test func inputGainIsApplied() throws {
        let sine = TestScores.sine(frequency: 440, amplitude: 0.1, seconds: 1)
        let output = try Self.limit(sine, inputGain: 20 * log10(2.0))
        #expect(zip(sine, output).allSatisfy { abs($1 - 2 * $0) < 1e-6 })
    }

    @Test func flushLeavesItReadyForAnotherStream() throws {
        let (_, input) = Self.hotSignals[1]
        var limiter = try TruePeakLimiter(ceiling: -2, channels: 2, sampleRate: Self.sampleRate)
        var runs: [[Float]] = []
        for _ in 0..<2 {
            var output: [Float] = []
            input.withUnsafeBufferPointer { limiter.process($0) { output.append(contentsOf: $0) } }
            limiter.flush { output.append(contentsOf: $0) }
            runs.append(output)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].count == input.count)
        #expect(limiter.maxGainReduction > 10)
        #expect(limiter.latencyFrames > 0 && limiter.latencyFrames < Self.sampleRate / 100)
    }

    @Test func rejectsACeilingAboveFullScale() {
        #expect(throws: MixingError.self) {
            _ = try TruePeakLimiter(ceiling: 1, channels: 2, sampleRate: 48000)
        }
    }

    @Test func decibelHelpers() {
        #expect(abs(Decibels.linear(-6.0206) - 0.5) < 1e-4)
        #expect(abs(Decibels.decibels(linear: 0.1) - -20) < 1e-9)
        #expect(Decibels.decibels(linear: 0) == -.infinity)
        var samples: [Float] = [0.5, -0.25]
        samples.withUnsafeMutableBufferPointer { Decibels.applyGain(20 * log10(2.0), to: $0) }
        #expect(samples == [1.0, -0.5])
    }
}

/// A small seeded generator, so the test signals are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    /// A uniform value in -range...range.
    mutating func next(in range: Float) -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Float(z >> 40) / Float(1 << 24) * 2 - 1) * range
    }
}
