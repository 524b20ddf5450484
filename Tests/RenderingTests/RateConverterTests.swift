import Foundation
import Testing

@testable import Rendering

/// 40 kHz synthesis converted to 48 kHz (`RateConverter`, 6 / 5), and 32 kHz (3 / 2), keeps the
/// band the music needs for an AAC delivery, on time, and folds no image back into hearing.
@Suite struct RateConverterTests {
    static func tone(_ frequency: Double, rate: Int, frames: Int, phase: Double = 0) -> [Float] {
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            let value = Float(0.5 * sin(2 * Double.pi * frequency * Double(frame) / Double(rate) + phase))
            samples[2 * frame] = value
            samples[2 * frame + 1] = -value
        }
        return samples
    }

    static func convert(_ input: [Float], total: Int, chunk: Int, up: Int = 6, down: Int = 5, cutoff: Double = 1.125)
        -> [Float]
    {
        var converter = RateConverter(up: up, down: down, cutoff: cutoff)
        var output: [Float] = []
        var start = 0
        while start < input.count / 2 {
            let end = min(input.count / 2, start + chunk)
            input[(2 * start)..<(2 * end)].withUnsafeBufferPointer { part in
                converter.convert(part) { output.append(contentsOf: $0) }
            }
            start = end
        }
        converter.finish(total: total) { output.append(contentsOf: $0) }
        return output
    }

    /// A tone at 40 kHz comes out as the same tone sampled at 48 kHz, at the same times (no
    /// delay), within 0.02 dB up to 16 kHz. (Above, the tone's image past 20 kHz, which the
    /// filter leaves to the encoder, would count as error.)
    @Test(arguments: [(1000.0, 1e-4), (10000.0, 1e-3), (16000.0, 2e-3)])
    func aToneComesOutAsTheSameTone(frequency: Double, tolerance: Double) {
        let seconds = 1
        let output = Self.convert(
            Self.tone(frequency, rate: 40000, frames: 40000 * seconds), total: 48000 * seconds, chunk: 4096)
        let ideal = Self.tone(frequency, rate: 48000, frames: 48000 * seconds)
        #expect(output.count == ideal.count)
        // Away from the edges, where the tone starts and stops abruptly.
        var worst = 0.0
        for index in 2000 * 2..<(46000 * 2) { worst = max(worst, Double(abs(output[index] - ideal[index]))) }
        #expect(worst / 0.5 < tolerance, "\(frequency) Hz: largest error \(worst)")
    }

    /// 32 kHz (music without a kit, see `ScoreRenderer.reach`) converted to 48 kHz with the
    /// filter's edge at 14.4 kHz: a tone comes out as the same tone up to 10 kHz, within 0.02 dB
    /// to 8 kHz, and its images, from 19 kHz up, are filtered out (75 dB down below 20 kHz).
    @Test(arguments: [(1000.0, 1e-4), (8000.0, 2e-3), (10000.0, 2e-2)])
    func aToneAt32kHzComesOutAsTheSameTone(frequency: Double, tolerance: Double) {
        let output = Self.convert(
            Self.tone(frequency, rate: 32000, frames: 32000), total: 48000, chunk: 4096, up: 3, down: 2, cutoff: 0.9)
        let ideal = Self.tone(frequency, rate: 48000, frames: 48000)
        #expect(output.count == ideal.count)
        var worst = 0.0
        for index in 2000 * 2..<(46000 * 2) { worst = max(worst, Double(abs(output[index] - ideal[index]))) }
        #expect(worst / 0.5 < tolerance, "\(frequency) Hz: largest error \(worst)")
    }

    /// However the input is cut into chunks, the output is the same, exactly `total` frames.
    @Test func chunkingChangesNothing() {
        let input = Self.tone(440, rate: 40000, frames: 40_003)
        let total = 48_004
        let whole = Self.convert(input, total: total, chunk: 40_003)
        #expect(whole.count == total * 2)
        for chunk in [1, 777, 16_384] {
            #expect(Self.convert(input, total: total, chunk: chunk) == whole, "chunks of \(chunk)")
        }
    }

    /// The images of the 40 kHz signal sit above 20 kHz once converted, and those of the 32 kHz
    /// signal are filtered out: nothing folds back into hearing (everything below 20 kHz but the
    /// tone stays 75 dB down).
    @Test(arguments: [(40000, 3000.0), (40000, 12000.0), (32000, 3000.0), (32000, 12000.0)])
    func noImageFoldsBackIntoHearing(rate: Int, frequency: Double) {
        let frames = 48000
        let (up, down, cutoff) = rate == 40000 ? (6, 5, 1.125) : (3, 2, 0.9)
        let output = Self.convert(
            Self.tone(frequency, rate: rate, frames: rate), total: frames, chunk: 8192, up: up, down: down,
            cutoff: cutoff)
        // A Hann-windowed spectrum of the middle, left channel, by direct DFT every 50 Hz.
        let window = 16384
        let windowed = TestScores.hannWindowed(output, from: (frames - window) / 2, count: window)
        var tonePower = 0.0
        var otherPower = 0.0
        for bin in stride(from: 100.0, to: 20000.0, by: 50.0) {
            let power = TestScores.power(of: windowed, at: bin)
            if abs(bin - frequency) <= 60 {
                tonePower = max(tonePower, power)
            } else {
                otherPower = max(otherPower, power)
            }
        }
        #expect(
            10 * log10(otherPower / tonePower) < -75,
            "strongest other component \(10 * log10(otherPower / tonePower)) dB")
    }
}
