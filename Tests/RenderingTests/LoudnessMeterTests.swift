import Foundation
import Testing

@testable import Mixing
@testable import Rendering

@Suite struct LoudnessMeterTests {
    func measure(_ samples: [Float]) throws -> (loudness: Double, truePeak: Double, samplePeak: Double) {
        var meter = try LoudnessMeter(channels: 2, sampleRate: TestScores.sampleRate)
        try meter.add(samples)
        return (meter.integratedLoudness, meter.truePeak, meter.samplePeak)
    }

    // BS.1770: a 0 dBFS 1 kHz sine in one front channel reads -3.01 LUFS; in both channels the
    // power doubles (+3.01 dB), so 0.0 LUFS; EBU Tech 3341 case 1: -23 dBFS in both reads -23.0.
    @Test(arguments: [
        (0.0, true, false, -3.01),
        (0.0, true, true, 0.0),
        (-23.0, true, true, -23.0),
        (-20.0, true, true, -20.0),
    ])
    func sineReadsTheLoudnessBS1770Predicts(peakDecibels: Double, left: Bool, right: Bool, expected: Double) throws {
        let sine = TestScores.sine(
            frequency: 997, amplitude: Decibels.linear(peakDecibels), seconds: 10, channels: (left, right))
        let reading = try measure(sine)
        #expect(abs(reading.loudness - expected) < 0.05)
        #expect(abs(reading.truePeak - peakDecibels) < 0.05)
    }

    @Test func truePeakSeesBetweenTheSamples() throws {
        // A quarter-sample-rate sine sampled at 45 degrees: every sample is at 0.707 of the peak.
        let frames = 48000 * 2
        let samples = (0..<frames).flatMap { frame -> [Float] in
            let value = Float(sin(Double.pi / 2 * Double(frame) + Double.pi / 4))
            return [value, value]
        }
        let reading = try measure(samples)
        #expect(abs(reading.samplePeak - -3.01) < 0.02)
        #expect(reading.truePeak > -0.3)
        #expect(reading.truePeak < 0.3)
    }

    @Test func silenceIsMinusInfinity() throws {
        let reading = try measure([Float](repeating: 0, count: 48000 * 2))
        #expect(reading.loudness == -.infinity)
        #expect(reading.truePeak == -.infinity)
    }

    @Test func chunksAddUpToTheWhole() throws {
        let sine = TestScores.sine(frequency: 440, amplitude: 0.3, seconds: 5)
        var meter = try LoudnessMeter(channels: 2, sampleRate: TestScores.sampleRate)
        for start in stride(from: 0, to: sine.count, by: 2 * 1001) {
            try meter.add(Array(sine[start..<min(start + 2 * 1001, sine.count)]))
        }
        let whole = try measure(sine)
        #expect(meter.frameCount == sine.count / 2)
        #expect(abs(meter.integratedLoudness - whole.loudness) < 1e-9)
        #expect(meter.truePeak == whole.truePeak)
    }

    @Test func loudnessOnlyMeterAgreesAndSkipsPeaks() throws {
        let sine = TestScores.sine(frequency: 997, amplitude: 0.5, seconds: 5)
        var meter = try LoudnessMeter(channels: 2, sampleRate: TestScores.sampleRate, truePeak: false)
        try meter.add(sine)
        #expect(abs(meter.integratedLoudness - (try measure(sine).loudness)) < 1e-9)
        #expect(meter.truePeak == -.infinity)
    }

    @Test func partialFramesAreRejected() throws {
        var meter = try LoudnessMeter(channels: 2, sampleRate: TestScores.sampleRate)
        #expect(throws: MixingError.self) { try meter.add([0.1, 0.2, 0.3]) }
        #expect(throws: MixingError.self) { _ = try LoudnessMeter(channels: 0, sampleRate: 48000) }
    }
}

extension LoudnessMeterTests {
    /// The short-term curve a report draws: a reading every half second of the 3 s before it,
    /// the same whatever size the chunks come in, silent where the sound is.
    @Test func shortTermReadingsFollowTheSound() throws {
        let sine = TestScores.sine(frequency: 997, amplitude: Decibels.linear(-23), seconds: 6, channels: (true, true))
        let silence = [Float](repeating: 0, count: 48_000 * 2 * 4)
        let programme = sine + silence
        var whole = try LoudnessMeter(channels: 2, sampleRate: 48_000, peaks: .none, shortTermSeconds: 0.5)
        try whole.add(programme)
        var chunked = try LoudnessMeter(channels: 2, sampleRate: 48_000, peaks: .none, shortTermSeconds: 0.5)
        for start in stride(from: 0, to: programme.count, by: 2 * 7_777) {
            try chunked.add(Array(programme[start..<min(programme.count, start + 2 * 7_777)]))
        }
        #expect(whole.shortTerm.count == 20)
        #expect(whole.shortTerm == chunked.shortTerm)
        // Readings 6-12 cover 3 s of sine alone (3.0-6.0 s): -23 LUFS; the last one, 3 s of silence.
        for reading in whole.shortTerm[5..<12] { #expect(abs(reading - -23) < 0.1, "\(whole.shortTerm)") }
        #expect(whole.shortTerm.last == -.infinity || (whole.shortTerm.last ?? 0) < -70)
        var plain = try LoudnessMeter(channels: 2, sampleRate: 48_000, peaks: .none)
        try plain.add(programme)
        #expect(plain.shortTerm.isEmpty)
    }
}

extension LoudnessMeterTests {
    /// At 48 kHz the filters derived from the analog prototypes are the ones BS.1770-4 tabulates.
    @Test func kWeightingAt48kHzIsTheStandardsTable() {
        let filter = KWeighting(sampleRate: 48000)
        let shelf = [filter.shelf.b0, filter.shelf.b1, filter.shelf.b2, filter.shelf.a1, filter.shelf.a2]
        let table = [1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585]
        for (ours, standard) in zip(shelf, table) { #expect(abs(ours - standard) < 1e-9, "\(shelf)") }
        let highPass = [
            filter.highPass.b0, filter.highPass.b1, filter.highPass.b2, filter.highPass.a1, filter.highPass.a2,
        ]
        let rlb = [1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621]
        for (ours, standard) in zip(highPass, rlb) { #expect(abs(ours - standard) < 1e-9, "\(highPass)") }
        #expect(KWeighting(sampleRate: 44100) != filter)
    }

    /// BS.1770 weights surrounds by 1.41 (+1.49 dB) and leaves the LFE out, in libebur128's
    /// default channel order (L R C LFE Ls Rs; L R Ls Rs for four; L R C Ls Rs for five).
    @Test(arguments: [
        (5, 0, 0.0), (5, 2, 0.0), (5, 3, 1.49), (4, 2, 1.49), (6, 3, -Double.infinity), (6, 5, 1.49),
        (8, 7, -Double.infinity),
    ])
    func channelsAreWeighted(channels: Int, channel: Int, decibelsOverFront: Double) throws {
        let sine = TestScores.sine(frequency: 997, amplitude: Decibels.linear(-20), seconds: 2, channels: (true, false))
        var samples = [Float](repeating: 0, count: sine.count / 2 * channels)
        for frame in 0..<(sine.count / 2) { samples[frame * channels + channel] = sine[2 * frame] }
        var meter = try LoudnessMeter(channels: channels, sampleRate: 48000, peaks: .none)
        try meter.add(samples)
        let front = -23.01
        if decibelsOverFront.isFinite {
            #expect(abs(meter.integratedLoudness - (front + decibelsOverFront)) < 0.02, "\(meter.integratedLoudness)")
        } else {
            #expect(meter.integratedLoudness == -.infinity)
        }
    }

    /// Gating blocks are the meter's own: the same powers, and the same integrated loudness.
    @Test func gatingBlocksAreTheMetersBlocks() throws {
        let sine = TestScores.sine(frequency: 440, amplitude: 0.2, seconds: 3) + [Float](repeating: 0, count: 48000 * 2)
        var meter = try LoudnessMeter(channels: 2, sampleRate: 48000, peaks: .none)
        var blocks = try GatingBlocks(channels: 2, sampleRate: 48000)
        try meter.add(sine)
        try sine.withUnsafeBufferPointer { try blocks.add($0) }
        #expect(blocks.powers.count == 4 * 10 - 3)
        #expect(blocks.powers == meter.blockPowers)
        #expect(GatingBlocks.integratedLoudness(blocks.powers) == meter.integratedLoudness)
    }
}
