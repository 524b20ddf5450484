import Foundation
import Testing

@testable import Mixing
@testable import Rendering

@Suite struct LoudnessNormalizerTests {
    /// The whole gain + limiter chain as the pipeline runs it, measured at the end.
    static func normalise(_ samples: [Float], target: Double, ceiling: Double) throws -> (
        gain: Double, loudness: Double, truePeak: Double
    ) {
        var before = try LoudnessMeter(channels: 2, sampleRate: TestScores.sampleRate)
        try before.add(samples)
        let gain = try LoudnessNormalizer.gain(
            target: target, measuredLoudness: before.integratedLoudness, measuredTruePeak: before.truePeak,
            ceiling: ceiling, channels: 2, sampleRate: TestScores.sampleRate
        ) { sink in
            try samples.withUnsafeBufferPointer { all in
                for start in stride(from: 0, to: all.count, by: 8192) {
                    try sink(UnsafeBufferPointer(rebasing: all[start..<min(start + 8192, all.count)]))
                }
            }
        }
        let output = try TruePeakLimiterTests.limit(samples, ceiling: ceiling, inputGain: gain)
        var after = try LoudnessMeter(channels: 2, sampleRate: TestScores.sampleRate)
        try after.add(output)
        return (gain, after.integratedLoudness, after.truePeak)
    }

    @Test(arguments: [-23.0, -16.0, -14.0])
    func renderedScoreReachesTheTarget(target: Double) throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let samples = try TestScores.render(TestScores.fourParts(duration: 12), with: renderer)
        let result = try Self.normalise(samples, target: target, ceiling: -1.5)
        #expect(abs(result.loudness - target) <= 0.5)
        #expect(abs(result.loudness - target) <= 0.1)
        #expect(result.truePeak <= -1.5 + 1e-3)
    }

    @Test func makesUpForWhatTheLimiterTakesFromPeakyAudio() throws {
        // Loud clicks over a quiet tone: the limiter must take a lot off the clicks.
        var random = SplitMix(seed: 3)
        let samples = TruePeakLimiterTests.signal(seconds: 8) { frame in
            let click: Float = frame % 12000 < 48 ? random.next(in: 0.9) : 0
            return click + Float(0.05 * sin(Double(frame) * 0.05))
        }
        let result = try Self.normalise(samples, target: -16, ceiling: -1.0)
        #expect(abs(result.loudness - -16) <= 0.5)
        #expect(result.truePeak <= -1.0 + 1e-3)
    }

    /// A limiter working hard gives back a third of each decibel above where it starts to act:
    /// the search must still land on the target, within its tolerance, in the passes it is
    /// allowed (stepping by the shortfall alone ends half a decibel short after four).
    @Test func reachesTheTargetWhenTheLimiterTakesMostOfEachDecibel() throws {
        var passes = 0
        let gain = try LoudnessNormalizer.plan(
            target: -16, measuredLoudness: -22, measuredTruePeak: -4, ceiling: -1, maxPasses: 4
        ) { gain in
            passes += 1
            return -22 + min(gain, 3) + max(0, gain - 3) * 0.3
        }
        let reached = -22 + min(gain, 3) + max(0, gain - 3) * 0.3
        #expect(abs(reached - -16) <= 0.05, "gain \(gain) reaches \(reached)")
        #expect(passes <= 3)
    }

    /// The mix made again with louder music loses about as much to the limiter as the first: a
    /// search told that toll starts where the first search ended up and needs one pass.
    @Test func aSecondSearchStartsFromTheTollTheFirstFound() throws {
        func search(measured: Double, limiterFrom: Double, toll: Double) throws -> (gain: Double, passes: Int) {
            var passes = 0
            let gain = try LoudnessNormalizer.plan(
                target: -16, measuredLoudness: measured, measuredTruePeak: -4, ceiling: -1, maxPasses: 4,
                expectedToll: toll
            ) { gain in
                passes += 1
                return measured + min(gain, limiterFrom) + max(0, gain - limiterFrom) * 0.3
            }
            return (gain, passes)
        }
        let first = try search(measured: -22, limiterFrom: 3, toll: 0)
        let toll = first.gain - 6
        let second = try search(measured: -26, limiterFrom: 7, toll: toll)
        #expect(abs(second.gain - 17) <= 0.2)
        #expect(second.passes == 1)
        #expect(try search(measured: -26, limiterFrom: 7, toll: 0).passes > 1)
    }

    @Test func silenceGetsNoGain() throws {
        let gain = try LoudnessNormalizer.gain(
            target: -16, measuredLoudness: -.infinity, measuredTruePeak: -.infinity, ceiling: -1,
            channels: 2, sampleRate: 48000
        ) { _ in Issue.record("silence needs no replay") }
        #expect(gain == 0)
    }
}

extension LoudnessNormalizerTests {
    /// A mix may raise its original sound only so far: when even that most gain falls short of
    /// the target, the search gives it after one pass instead of finding a gain it cannot use.
    @Test func stopsAtTheMostGainOnceThatFallsShort() throws {
        var passes = 0
        let loudness = { (gain: Double) in -22 + min(gain, 3) + max(0, gain - 3) * 0.3 }
        let gain = try LoudnessNormalizer.plan(
            target: -16, measuredLoudness: -22, measuredTruePeak: -4, ceiling: -1, maxPasses: 4, expectedToll: 2,
            mostGain: 6
        ) { gain in
            passes += 1
            return loudness(gain)
        }
        #expect(gain == 6)
        #expect(passes == 1)

        // Where the most gain is more than the target needs, the search finds the target as before.
        passes = 0
        let reachable = try LoudnessNormalizer.plan(
            target: -18.5, measuredLoudness: -22, measuredTruePeak: -4, ceiling: -1, maxPasses: 4, mostGain: 6
        ) { gain in
            passes += 1
            return loudness(gain)
        }
        #expect(abs(loudness(reachable) - -18.5) <= 0.05, "gain \(reachable)")
        #expect(reachable <= 6)
    }
}

extension LoudnessNormalizerTests {
    /// A limiter that gives back almost nothing holds the search at the most extra gain it
    /// allows (9 dB over the plain gain): the search stops there rather than measure that same
    /// gain again in its remaining passes.
    @Test func doesNotMeasureTheSameGainTwice() throws {
        var measured: [Double] = []
        let gain = try LoudnessNormalizer.plan(
            target: -16, measuredLoudness: -22, measuredTruePeak: -4, ceiling: -1, maxPasses: 4, expectedToll: 12
        ) { gain in
            measured.append(gain)
            return -22 + min(gain, 3) + max(0, gain - 3) * 0.01
        }
        #expect(gain == 15)
        #expect(measured == [15])
    }
}

extension LoudnessNormalizerTests {
    /// A quiet original under peaky music, the whole mix raised by a fixed 6 dB: the search
    /// moves the music alone until the limited mix reaches the target, so the limiter's toll is
    /// made up by the music while the original keeps exactly the fixed gain.
    @Test func findsTheMusicGainUnderAFixedWholeGain() throws {
        var random = SplitMix(seed: 11)
        let original = TruePeakLimiterTests.signal(seconds: 12) { Float(0.01 * sin(Double($0) * 0.021)) }
        let music = TruePeakLimiterTests.signal(seconds: 12) { frame in
            let click: Float = frame % 9000 < 64 ? random.next(in: 0.3) : 0
            return click + Float(0.06 * sin(Double(frame) * 0.043))
        }
        @Sendable func mix(_ trial: Double) -> [Float] {
            let gain = Float(pow(10, trial / 20))
            return zip(music, original).map { $0 * gain + $1 }
        }
        func limitedLoudness(_ trial: Double) throws -> Double {
            var meter = try LoudnessMeter(channels: 2, sampleRate: TruePeakLimiterTests.sampleRate)
            try meter.add(try TruePeakLimiterTests.limit(mix(trial), ceiling: -1, inputGain: 6))
            return meter.integratedLoudness
        }
        var predicted = try LoudnessMeter(channels: 2, sampleRate: TruePeakLimiterTests.sampleRate)
        try predicted.add(mix(0))
        let trial = try LoudnessNormalizer.trialGain(
            target: -16, predictedLoudness: predicted.integratedLoudness + 6, inputGain: 6, ceiling: -1, channels: 2,
            sampleRate: TruePeakLimiterTests.sampleRate, frameCount: music.count / 2
        ) { trial, frames, sink in
            let samples = mix(trial)
            try samples.withUnsafeBufferPointer { all in
                try sink(UnsafeBufferPointer(rebasing: all[(frames.lowerBound * 2)..<(frames.upperBound * 2)]))
            }
        }
        // The plain gain on the music alone leaves the mix well short (the limiter's toll, and
        // the original, which the trial does not raise, pulling the mix's loudness its way).
        let plain = try limitedLoudness(-16 - predicted.integratedLoudness - 6)
        let reached = try limitedLoudness(trial)
        #expect(plain < -16.5)
        #expect(abs(reached - -16) <= 0.1, "music raised \(trial) dB reaches \(reached) LUFS (plain gain: \(plain))")
    }
}

extension LoudnessNormalizerTests {
    /// The limited loudness of a model programme at a gain: the limiter gives back half of each
    /// decibel past 3 dB, and excerpts read `excerptBias` louder than the whole.
    static func modelled(_ gain: Double, excerpts: Bool, excerptBias: Double) -> Double {
        -22 + min(gain, 3) + max(0, gain - 3) * 0.5 + (excerpts ? excerptBias : 0)
    }

    /// Ten minutes are searched on excerpts (an eighth of the frames a pass) and checked once on
    /// the whole. The offset the whole shows is made up along the search's slope when it is
    /// small (for one and a half whole passes' reading) and by a second search of the excerpts
    /// when it is not (for at most two, where a search on the whole takes four); either way the
    /// whole lands on the target.
    @Test(arguments: [0.0, 0.3, -0.4, 0.9])
    func searchesALongProgrammeOnExcerpts(excerptBias: Double) throws {
        let frameCount = 600 * 48000
        var framesRead = 0
        var wholePasses = 0
        let gain = try LoudnessNormalizer.sampledPlan(
            target: -16, measuredLoudness: -22, measuredTruePeak: -4, ceiling: -1, maxPasses: 4,
            frameCount: frameCount, sampleRate: 48000
        ) { gain, stretches in
            let read = stretches.map(\.count).reduce(0, +)
            framesRead += read
            if read == frameCount { wholePasses += 1 }
            return Self.modelled(gain, excerpts: read < frameCount / 2, excerptBias: excerptBias)
        }
        let reached = Self.modelled(gain, excerpts: false, excerptBias: 0)
        let programmes = Double(framesRead) / Double(frameCount)
        #expect(abs(reached - -16) <= 0.05, "gain \(gain) reaches \(reached)")
        #expect(wholePasses == 1)
        #expect(
            programmes <= (abs(excerptBias) <= LoudnessNormalizer.smallOffset ? 1.55 : 2.05),
            "read \(programmes) programmes")
    }

    /// A programme under three minutes is always measured whole, in two halves side by side.
    @Test func measuresAShortProgrammeWhole() throws {
        let frameCount = 120 * 48000 + 1
        var seen: [[Range<Int>]] = []
        _ = try LoudnessNormalizer.sampledPlan(
            target: -16, measuredLoudness: -22, measuredTruePeak: -4, ceiling: -1, maxPasses: 4,
            frameCount: frameCount, sampleRate: 48000
        ) { gain, stretches in
            seen.append(stretches)
            return Self.modelled(gain, excerpts: false, excerptBias: 0)
        }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0 == [0..<(frameCount / 2 + 1), (frameCount / 2 + 1)..<frameCount] })
    }
}
