import Composition
import Foundation
import Testing

@testable import Rendering

@Suite struct ScoreRendererTests {
    let sampleRate = TestScores.sampleRate

    @Test(arguments: [(3.0, 48000), (2.3456, 48000), (1.001, 44100), (0.01, 48000)])
    func rendersExactlyTheScoreDuration(duration: Double, sampleRate: Int) throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont(), sampleRate: sampleRate)
        var score = TestScores.twoTracks()
        score.duration = duration
        var samples = 0
        var chunks = 0
        try renderer.render(score) { chunk in
            samples += chunk.count
            chunks += 1
        }
        #expect(samples == 2 * Int((duration * Double(sampleRate)).rounded()))
        #expect(samples == 2 * ScoreRenderer.frameCount(duration: duration, sampleRate: sampleRate))
        // Streamed in bounded chunks, not as one buffer.
        #expect(chunks >= samples / 2 / ScoreRenderer.chunkFrames)
    }

    /// A track's channel volume is its fader: the same note at volume 50 sounds about 16 dB under
    /// itself at 127 (General MIDI's curve, 40 log10 of the ratio), and 100 is the default.
    @Test func channelVolumeSetsTheLevel() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        func level(volume: Int?) throws -> Double {
            var score = TestScores.twoTracks(noteSeconds: 0.75)
            score.tracks.removeLast()
            if let volume { score.tracks[0].volume = volume }
            let samples = try TestScores.render(score, with: renderer)
            return TestScores.rms(samples, frames: 36480..<48000)
        }
        let loud = try level(volume: 127)
        let quiet = try level(volume: 50)
        let standard = try level(volume: nil)
        let drop = 20 * log10(loud / quiet)
        #expect(drop > 12 && drop < 20, "volume 127 to 50: \(drop) dB")
        #expect(standard < loud && standard > quiet)
    }

    @Test func silentBeforeTheFirstNoteAndSoundingDuringIt() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let samples = try TestScores.render(TestScores.twoTracks(noteSeconds: 0.75), with: renderer)
        let noteFrame = 36000
        // FluidSynth's reverb feeds itself a tiny offset against denormals: -140 dB, not zero.
        #expect(TestScores.rms(samples, frames: 0..<(noteFrame - 64)) < 1e-6)
        let during = TestScores.rms(samples, frames: (noteFrame + 480)..<(noteFrame + 12000))
        #expect(during > 0.005)
    }

    @Test(arguments: [0.75, 0.5123, 1.0])
    func noteStartsOnItsTime(seconds: Double) throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let score = TestScores.twoTracks(noteSeconds: seconds)
        let samples = try TestScores.render(score, with: renderer)
        let exactFrame = Int(score.tempoMap.seconds(atTick: score.tracks[0].notes[0].startTick) * Double(sampleRate))
        let onset = try #require(TestScores.onset(samples))
        // FluidSynth starts notes on its 64-frame grid: within half a block of the exact time,
        // and an attack may take a few samples to rise over the threshold.
        #expect(onset >= exactFrame - 32)
        #expect(onset <= exactFrame + 32 + sampleRate * 3 / 1000)
    }

    @Test func drumHitStartsOnItsTime() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let drumSeconds = 2.5
        let samples = try TestScores.render(
            TestScores.twoTracks(duration: 3.5, drumSeconds: drumSeconds), with: renderer)
        let drumFrame = Int(drumSeconds * Double(sampleRate))
        // The piano's tail may still ring faintly; the hit must stand far above it.
        let before = (drumFrame - 1440)..<(drumFrame - 240)
        let tail = before.reduce(Float(0)) { max($0, abs(samples[$1 * 2]), abs(samples[$1 * 2 + 1])) }
        let onset = try #require(TestScores.onset(samples, from: drumFrame - 240, threshold: max(1e-3, 8 * tail)))
        #expect(abs(onset - drumFrame) <= 32 + sampleRate * 3 / 1000)
        #expect(TestScores.rms(samples, frames: drumFrame..<(drumFrame + 4800)) > 0.005)
    }

    @Test func fadesOutAtTheEndEvenWhileNotesSound() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        // Strings held past the end of the score.
        let score = Score(
            duration: 2.0, tempoMap: TempoMap(bpm: 120), sections: [],
            tracks: [
                Track(
                    name: "strings", program: 48, channel: 0,
                    notes: [Note(startTick: 0, durationTicks: 4800, pitch: 60, velocity: 100)])
            ],
            cuts: [], style: "test")
        let samples = try TestScores.render(score, with: renderer)
        let frames = samples.count / 2
        let held = TestScores.rms(samples, frames: (frames - 9600)..<(frames - 4800))
        let last = TestScores.rms(samples, frames: (frames - 240)..<frames)
        #expect(held > 0.005)
        #expect(last < held * 0.1)
        #expect(abs(samples[samples.count - 1]) < 0.001)
        // The start fades in too: the very first sample of a note at time zero is nearly silent.
        #expect(abs(samples[0]) < 0.001)
    }

    @Test func sameScoreGivesTheSameSamples() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont(), threads: 2)
        let score = TestScores.fourParts(duration: 4)
        let first = try TestScores.render(score, with: renderer)
        let again = try TestScores.render(score, with: renderer)
        let fresh = try TestScores.render(
            score, with: ScoreRenderer(soundFontPath: try TestScores.soundFont(), threads: 2))
        #expect(first == again)
        #expect(first == fresh)
    }

    @Test func twoSynthesizersSoundLikeOne() throws {
        let font = try TestScores.soundFont()
        let score = TestScores.fourParts(duration: 4)
        let single = try TestScores.render(score, with: ScoreRenderer(soundFontPath: font, threads: 1))
        let split = try TestScores.render(score, with: ScoreRenderer(soundFontPath: font, threads: 2))
        #expect(single.count == split.count)
        // Not bit-identical (a voice FluidSynth reuses keeps a trace of its last note), but the
        // difference stays 40 dB or more below the music.
        let difference = zip(single, split).map { $0 - $1 }
        let music = TestScores.rms(single, frames: 0..<(single.count / 2))
        #expect(music > 0.005)
        #expect(TestScores.rms(difference, frames: 0..<(difference.count / 2)) < music * 0.01)
    }

    /// A delivery that keeps 18 kHz (AAC) is synthesised at 40 kHz and converted to 48 kHz:
    /// exactly the score's length, notes on time, and the same music (every half second within
    /// 1 dB of the full-rate rendering; the voices' phases differ, so samples are not compared).
    @Test func aDeliveryThatKeeps18kHzIsSynthesisedAt40kHz() throws {
        #expect(ScoreRenderer.synthesisRate(sampleRate: 48000, bandwidth: 18000) == 40000)
        #expect(ScoreRenderer.synthesisRate(sampleRate: 48000, bandwidth: 19000) == 48000)
        #expect(ScoreRenderer.synthesisRate(sampleRate: 48000, bandwidth: nil) == 48000)
        #expect(ScoreRenderer.synthesisRate(sampleRate: 44100, bandwidth: 18000) == 44100)
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        for duration in [2.3456, 0.01] {
            var score = TestScores.twoTracks()
            score.duration = duration
            let samples = try TestScores.render(score, with: renderer, bandwidth: 18000)
            #expect(samples.count == 2 * ScoreRenderer.frameCount(duration: duration, sampleRate: sampleRate))
        }
        let timed = TestScores.twoTracks(noteSeconds: 0.75)
        let onset = try #require(TestScores.onset(try TestScores.render(timed, with: renderer, bandwidth: 18000)))
        // The 40 kHz block grid: within half a block (0.8 ms) and an attack's rise.
        #expect(abs(onset - 36000) <= 39 + sampleRate * 3 / 1000)

        let score = TestScores.fourParts(duration: 4)
        let full = try TestScores.render(score, with: renderer, bandwidth: nil)
        let reduced = try TestScores.render(score, with: renderer, bandwidth: 18000)
        #expect(full.count == reduced.count)
        let worst = TestScores.largestLevelDifference(full, reduced)
        #expect(worst < 1, "largest level difference over half a second: \(worst) dB")
    }

    /// Music without a drum kit reaches no higher than 14 kHz, so for an AAC delivery it is
    /// synthesised at 32 kHz: exactly the score's length, notes on time, every half second within
    /// 1 dB of the full-rate rendering, and nothing above 15 kHz: the images of the top octave,
    /// which land at 17-19 kHz, are filtered out (85 dB under the music here; 69 dB with the
    /// filter's edge at 18 kHz, as for 40 kHz).
    @Test func musicWithoutAKitIsSynthesisedAt32kHz() throws {
        let withKit = TestScores.fourParts(duration: 4)
        var withoutKit = withKit
        withoutKit.tracks.removeAll(where: \.isDrums)
        #expect(ScoreRenderer.reach(of: withKit, delivering: 18000) == 18000)
        #expect(ScoreRenderer.reach(of: withoutKit, delivering: 18000) == 14000)
        #expect(ScoreRenderer.reach(of: withoutKit, delivering: nil) == nil)
        #expect(ScoreRenderer.synthesisRate(sampleRate: 48000, bandwidth: 14000) == 32000)
        #expect(ScoreRenderer.synthesisRate(sampleRate: 48000, bandwidth: 14500) == 40000)

        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let full = try TestScores.render(withoutKit, with: renderer, bandwidth: nil)
        let reduced = try TestScores.render(withoutKit, with: renderer, bandwidth: 18000)
        #expect(reduced.count == 2 * ScoreRenderer.frameCount(duration: 4, sampleRate: sampleRate))
        #expect(full.count == reduced.count)
        let onsetFull = try #require(TestScores.onset(full))
        let onsetReduced = try #require(TestScores.onset(reduced))
        // The 32 kHz block grid: within a block (2 ms at 32 kHz).
        #expect(abs(onsetFull - onsetReduced) <= 96)
        let worst = TestScores.largestLevelDifference(full, reduced)
        #expect(worst < 1, "largest level difference over half a second: \(worst) dB")
        let above = TestScores.highBandLevel(reduced, above: 15000) - TestScores.highBandLevel(reduced, above: 0)
        #expect(above < -78, "15-24 kHz at \(above) dB under the whole")
    }

    /// The synthesizers render ahead of the sink on threads of their own; a sink that stops the
    /// rendering (an interrupt) must stop them too, and the renderer still renders afterwards.
    @Test(arguments: [1, 2])
    func aSinkThatThrowsStopsTheRendering(threads: Int) throws {
        struct Interrupted: Error {}
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont(), threads: threads)
        let score = TestScores.fourParts(duration: 20)
        var chunks = 0
        #expect(throws: Interrupted.self) {
            try renderer.render(score) { _ in
                chunks += 1
                if chunks == 2 { throw Interrupted() }
            }
        }
        #expect(chunks == 2)
        var stems = 0
        #expect(throws: Interrupted.self) {
            try renderer.renderStems(score) { _, _ in
                stems += 1
                throw Interrupted()
            }
        }
        #expect(stems == 1)
        let whole = try TestScores.render(score, with: renderer)
        #expect(whole.count == 2 * ScoreRenderer.frameCount(duration: 20, sampleRate: sampleRate))
    }

    @Test func reportsProgressUpToOne() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        var reported: [Double] = []
        try renderer.render(TestScores.twoTracks(), progress: { reported.append($0) }, sink: { _ in })
        #expect(!reported.isEmpty)
        #expect(reported == reported.sorted())
        #expect(reported.last == 1.0)
    }

    @Test func scoreWithoutNotesIsSilenceOfTheRightLength() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let score = Score(
            duration: 1.5, tempoMap: TempoMap(bpm: 100), sections: [], tracks: [], cuts: [], style: "none")
        let samples = try TestScores.render(score, with: renderer)
        #expect(samples.count == 2 * 72000)
        #expect(samples.allSatisfy { $0 == 0 })
    }

    @Test func rejectsAnImpossibleDuration() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        var score = TestScores.twoTracks()
        score.duration = -.infinity
        #expect(throws: RenderingError.self) { try renderer.render(score) { _ in } }
    }
}
