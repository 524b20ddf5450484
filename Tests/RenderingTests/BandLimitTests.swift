import Foundation
import Testing

@testable import Mixing

/// The low-pass that limits an original sound to the band the AAC encoder keeps (18 kHz).
@Suite struct BandLimitTests {
    let sampleRate = TestScores.sampleRate

    /// The gain in dB of a sine at `frequency` through a fresh 18 kHz band limit, measured on the
    /// last half second (after the filter has settled), in chunks of `chunk` frames.
    func gain(at frequency: Double, chunk: Int = 4800) throws -> Double {
        var limit = try #require(BandLimit(corner: 18_000, sampleRate: sampleRate))
        let input = TestScores.sine(frequency: frequency, amplitude: 0.5, seconds: 1)
        var output: [Float] = []
        for start in stride(from: 0, to: input.count, by: chunk * 2) {
            var piece = Array(input[start..<min(start + chunk * 2, input.count)])
            limit.apply(&piece)
            output += piece
        }
        func rms(_ samples: ArraySlice<Float>) -> Double {
            (samples.reduce(0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
        }
        let tail = input.count / 2
        return 20 * log10(rms(output[tail...]) / rms(input[tail...]))
    }

    @Test("Flat through the band, 3 dB down at the corner, 30 dB down at 20 kHz")
    func response() throws {
        #expect(abs(try gain(at: 1000)) < 0.01)
        #expect(abs(try gain(at: 16_000)) < 0.05)
        #expect(abs(try gain(at: 18_000) + 3) < 0.1)
        #expect(try gain(at: 20_000) < -29)
    }

    @Test("Chunks make no difference: the filter's memory carries across calls")
    func streaming() throws {
        let whole = try gain(at: 17_000, chunk: 48_000)
        let pieces = try gain(at: 17_000, chunk: 333)
        #expect(abs(whole - pieces) < 1e-6)
    }

    @Test("No band limit where the corner is not under 0.45 of the rate")
    func uselessCornerIsRefused() {
        #expect(BandLimit(corner: 22_000, sampleRate: 48_000) == nil)
        #expect(BandLimit(corner: 0, sampleRate: 48_000) == nil)
        #expect(BandLimit(corner: 18_000, sampleRate: 48_000) != nil)
    }
}
