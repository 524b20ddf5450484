import Composition
import Foundation
import Testing

@testable import Mixing
@testable import Rendering

@Suite struct MixingTests {
    let sampleRate = TestScores.sampleRate

    /// Concatenated stereo stretches.
    static func join(_ parts: [[Float]]) -> [Float] { parts.flatMap { $0 } }

    static func silence(_ seconds: Double) -> [Float] {
        [Float](repeating: 0, count: Int(seconds * Double(TestScores.sampleRate)) * 2)
    }

    @Test func speechBandSoundIsActiveButHumAndSilenceAreNot() {
        // Silence, 50 Hz hum, a 1 kHz tone at the same level (speech band), silence; 1 s each.
        let signal = Self.join([
            Self.silence(1), TestScores.sine(frequency: 50, amplitude: 0.05, seconds: 1),
            TestScores.sine(frequency: 1000, amplitude: 0.05, seconds: 1), Self.silence(1),
        ])
        var activity = SpeechActivity(channels: 2, sampleRate: sampleRate)
        signal.withUnsafeBufferPointer { activity.add($0) }
        let active = activity.activeBlocks()
        #expect(active.count == 80)
        // Allow a block at each edge for the filters to ring.
        #expect(active[0..<20].allSatisfy { !$0 }, "silence counted as speech")
        #expect(active[21..<40].allSatisfy { !$0 }, "hum counted as speech")
        #expect(active[41..<60].allSatisfy { $0 }, "the speech-band tone was missed")
        #expect(active[62..<80].allSatisfy { !$0 })
    }

    @Test func loudSoundOutsideTheSpeechBandCountsAsProgrammeSound() {
        let signal = Self.join([Self.silence(1), TestScores.sine(frequency: 60, amplitude: 0.5, seconds: 1)])
        var activity = SpeechActivity(channels: 2, sampleRate: sampleRate)
        signal.withUnsafeBufferPointer { activity.add($0) }
        let active = activity.activeBlocks()
        #expect(active[22..<40].allSatisfy { $0 })
        #expect(active[0..<20].allSatisfy { !$0 })
    }

    @Test func duckingFallsBeforeTheSoundHoldsThroughPausesAndRisesSlowly() {
        let envelope = DuckingEnvelope(depth: 15, attack: 0.15, hold: 0.5, release: 0.8)
        // 2 s quiet, 1 s active, a 0.3 s pause, 1 s active, 4 s quiet; 50 ms blocks.
        let active =
            [Bool](repeating: false, count: 40) + [Bool](repeating: true, count: 20)
            + [Bool](repeating: false, count: 6) + [Bool](repeating: true, count: 20)
            + [Bool](repeating: false, count: 80)
        let gains = envelope.gains(active: active, blockSeconds: 0.05)
        let decibels = gains.map { 20 * log10(Double($0)) }
        #expect(decibels.count == active.count)
        #expect(abs(decibels[0]) < 1e-6 && abs(decibels[30]) < 1e-6, "the music is ducked far from any sound")
        #expect(decibels[38] < -1, "the fall should start before the sound")
        for index in 40..<86 { #expect(abs(decibels[index] + 15) < 1e-6, "block \(index) is not fully ducked") }
        // No step larger than the attack's or release's slope: no pumping, no clicks.
        let steps = zip(decibels, decibels.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { $0 >= -5.0001 && $0 <= 15.0 / 16 + 1e-6 })
        // Held for 0.5 s after the last active block (85), then back up within 0.8 s more.
        #expect(abs(decibels[95] + 15) < 1e-6)
        #expect(abs(decibels[112]) < 1e-6)
        // Between block centres the gain moves per sample.
        let halfway = DuckingEnvelope.gain(gains, atFrame: 38 * 2400 + 2400, blockFrames: 2400)
        #expect(halfway < gains[38] && halfway > gains[39])
    }

    /// The chunk-at-a-time ducking gains are the per-frame ones, at block edges, before the
    /// first block's centre and past the last, in and around runs of equal blocks (which are
    /// filled without interpolating).
    @Test(arguments: [[1, 0.178, 0.178, 0.5, 1], [1, 1, 1, 0.178, 0.178, 0.5, 1, 1, 1, 1]] as [[Float]])
    func duckingGainsFilledByChunkAreThePerFrameGains(gains: [Float]) {
        for start in [0, 1_199, 2_399, 4_799, 7_000, 11_000, 16_801, 21_000] {
            for length in [1, 3_000, 30_000] {
                var filled = [Float](repeating: -1, count: length)
                filled.withUnsafeMutableBufferPointer {
                    DuckingEnvelope.fill($0, gains: gains, fromFrame: start, blockFrames: 2_400)
                }
                let single = (start..<(start + length)).map {
                    DuckingEnvelope.gain(gains, atFrame: $0, blockFrames: 2_400)
                }
                #expect(filled == single, "\(length) frames from frame \(start)")
            }
        }
    }

    @Test func gatingBlocksGiveTheMetersIntegratedLoudness() throws {
        let signal = Self.join([
            TestScores.sine(frequency: 997, amplitude: 0.1, seconds: 2.3), Self.silence(1.7),
            TestScores.sine(frequency: 300, amplitude: 0.3, seconds: 3.1),
        ])
        var blocks = try GatingBlocks(channels: 2, sampleRate: sampleRate)
        var meter = try LoudnessMeter(channels: 2, sampleRate: sampleRate, truePeak: false)
        // Odd chunk sizes, to cross block edges anywhere.
        var offset = 0
        while offset < signal.count {
            let end = min(signal.count, offset + 2 * 3001)
            try signal[offset..<end].withUnsafeBufferPointer { try blocks.add($0) }
            try signal[offset..<end].withUnsafeBufferPointer { try meter.add($0) }
            offset = end
        }
        // A block every 0.1 s once the first 0.4 s are in.
        #expect(blocks.powers.count == signal.count / 2 / 4800 - 3)
        #expect(blocks.powers.count >= 67)
        let planned = GatingBlocks.integratedLoudness(blocks.powers)
        #expect(abs(planned - meter.integratedLoudness) < 0.05, "\(planned) vs \(meter.integratedLoudness)")
    }

    /// Blocks and loudness of a signal.
    static func measure(_ signal: [Float]) throws -> (blocks: [Double], loudness: Double) {
        var blocks = try GatingBlocks(channels: 2, sampleRate: TestScores.sampleRate)
        try signal.withUnsafeBufferPointer { try blocks.add($0) }
        return (blocks.powers, GatingBlocks.integratedLoudness(blocks.powers))
    }

    @Test(arguments: [-16.0, -18.0])
    func balanceMeetsTheTargetWithTheOriginalUntouched(target: Double) throws {
        // "Speech" in the middle 2 s of 6 s; "music" throughout, at another frequency.
        let speech = Self.join([
            Self.silence(2), TestScores.sine(frequency: 1000, amplitude: 0.15, seconds: 2), Self.silence(2),
        ])
        let music = TestScores.sine(frequency: 220, amplitude: 0.1, seconds: 6)
        let (speechBlocks, speechLoudness) = try Self.measure(speech)
        let (musicBlocks, musicLoudness) = try Self.measure(music)
        let balance = MixBalance.plan(
            target: target, originalBlocks: speechBlocks, duckedMusicBlocks: musicBlocks,
            originalLoudness: speechLoudness, musicLoudness: musicLoudness)
        #expect(abs(balance.residual) < 0.01)
        #expect(!balance.raisesOriginalToCap)
        // The real mix at that gain measures what was planned.
        let gain = Float(Decibels.linear(balance.musicGain))
        let mixed = zip(speech, music).map { $0 + gain * $1 }
        #expect(abs(try Self.measure(mixed).loudness - target) < 0.2)
    }

    @Test func balanceReportsWhenTheOriginalAloneIsLouderThanTheTarget() throws {
        let speech = TestScores.sine(frequency: 1000, amplitude: 0.5, seconds: 4)
        let music = TestScores.sine(frequency: 220, amplitude: 0.1, seconds: 4)
        let (speechBlocks, speechLoudness) = try Self.measure(speech)
        let (musicBlocks, musicLoudness) = try Self.measure(music)
        let balance = MixBalance.plan(
            target: -23, originalBlocks: speechBlocks, duckedMusicBlocks: musicBlocks,
            originalLoudness: speechLoudness, musicLoudness: musicLoudness)
        #expect(speechLoudness > -23)
        #expect(balance.residual < -(speechLoudness + 23) + 0.01, "the whole mix must come down")
        // The music keeps its lowest balance against the original instead of vanishing.
        #expect(abs(balance.musicGain - (speechLoudness - 10 - musicLoudness)) < 1e-6)
    }

    @Test func aQuietOriginalIsNeverAskedToRiseMoreThanSixDecibels() throws {
        let hum = TestScores.sine(frequency: 100, amplitude: 0.001, seconds: 4)
        let music = TestScores.sine(frequency: 440, amplitude: 0.1, seconds: 4)
        let (humBlocks, humLoudness) = try Self.measure(hum)
        let (musicBlocks, musicLoudness) = try Self.measure(music)
        let balance = MixBalance.plan(
            target: -16, originalBlocks: humBlocks, duckedMusicBlocks: musicBlocks,
            originalLoudness: humLoudness, musicLoudness: musicLoudness)
        #expect(humLoudness < -50)
        #expect(abs(balance.residual - MixBalance.largestOriginalBoost) < 0.05, "residual \(balance.residual)")
        #expect(balance.raisesOriginalToCap)
        // The music left its range (6 LU over the original) to carry the loudness.
        #expect(balance.musicGain > humLoudness + 6 - musicLoudness + 10)
    }

    @Test func stemsAddUpToTheMixAndLastTheScore() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let score = TestScores.fourParts(duration: 4.3)
        var mix: [Float] = []
        var tracks = [[Float]](repeating: [], count: score.tracks.count)
        try renderer.renderStems(score) { chunk, trackChunks in
            mix.append(contentsOf: chunk)
            #expect(trackChunks.count == score.tracks.count)
            for (index, trackChunk) in trackChunks.enumerated() { tracks[index].append(contentsOf: trackChunk) }
        }
        let frames = ScoreRenderer.frameCount(duration: 4.3, sampleRate: sampleRate)
        #expect(mix.count == frames * 2)
        for track in tracks { #expect(track.count == frames * 2) }
        let sum = (0..<mix.count).map { index in tracks.reduce(Float(0)) { $0 + $1[index] } }
        #expect(zip(sum, mix).allSatisfy { abs($0 - $1) < 1e-6 })
        for track in tracks { #expect(TestScores.rms(track, frames: 0..<frames) > 0.001, "a silent stem") }
        // As loud as the ordinary rendering of the same score.
        let whole = try TestScores.render(score, with: renderer)
        let (_, stemLoudness) = try Self.measure(mix)
        let (_, wholeLoudness) = try Self.measure(whole)
        #expect(abs(stemLoudness - wholeLoudness) < 0.5, "\(stemLoudness) vs \(wholeLoudness)")
    }
}
