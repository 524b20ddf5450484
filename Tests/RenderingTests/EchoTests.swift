import Composition
import Foundation
import Testing

@testable import Rendering

/// Ambient's bells echo (issue 9): the score writes each note's repeats as MIDI notes, and the
/// renderer plays them with a delay on the bells' own sound instead of striking them again.
@Suite struct EchoTests {
    let sampleRate = TestScores.sampleRate

    /// A click through the delay comes out as itself, then a dotted eighth later at the first
    /// repeat's gain (a little left), then again at the second's (a little right), whatever
    /// the chunks it arrives in; after a tempo change the repeats keep the new tempo's delay.
    @Test func anImpulseComesBackOnTheTempoMapsDottedEighths() {
        // 120 bpm for two seconds (960 ticks), then 60 bpm.
        let tempoMap = TempoMap(changes: [.init(tick: 0, bpm: 120), .init(tick: 1920, bpm: 60)])
        let echo = Echo()
        let line = EchoLine(echo: echo, tempoMap: tempoMap, sampleRate: sampleRate)
        let frames = 6 * sampleRate
        var dry = [Float](repeating: 0, count: 2 * frames)
        let clicks = [1000, 3 * sampleRate]  // at 120 bpm, and at 60 bpm
        for click in clicks {
            dry[2 * click] = 1
            dry[2 * click + 1] = 1
        }
        var mix = [Float](repeating: 0, count: 2 * frames)
        var start = 0
        var sizes = [7, 4096, 1, 999, 16384]
        while start < frames {
            let count = min(sizes[0], frames - start)
            sizes = Array(sizes.dropFirst()) + [sizes[0]]
            dry.withUnsafeBufferPointer { dryAll in
                mix.withUnsafeMutableBufferPointer { mixAll in
                    line.add(
                        UnsafeBufferPointer(rebasing: dryAll[(2 * start)..<(2 * (start + count))]),
                        into: UnsafeMutableBufferPointer(rebasing: mixAll[(2 * start)..<(2 * (start + count))]))
                }
            }
            start += count
        }
        let gains = echo.gains.map(Float.init)
        for (click, seconds) in zip(clicks, [0.375, 0.75]) {
            let delay = Int(seconds * Double(sampleRate))
            #expect(mix[2 * click] == 1 && mix[2 * click + 1] == 1, "the dry click")
            #expect(abs(mix[2 * (click + delay)] - gains[0] * 1.15) < 1e-6)
            #expect(abs(mix[2 * (click + delay) + 1] - gains[0] * 0.85) < 1e-6)
            #expect(abs(mix[2 * (click + 2 * delay)] - gains[1] * 0.85) < 1e-6)
            #expect(abs(mix[2 * (click + 2 * delay) + 1] - gains[1] * 1.15) < 1e-6)
        }
        // Nothing else: three frames a click, the rest silence.
        #expect(mix.indices.filter { mix[$0] != 0 }.count == 2 * 3 * clicks.count)
    }

    /// A note with its two repeats as notes: the renderer strikes it once, held to the end
    /// of its last repeat, and its delay sounds the repeats where the notes are, about as loud
    /// as striking them would. The same note held that long without the repeats' notes renders
    /// to the same samples: the renderer does not play them.
    @Test func theRepeatsAreTheDelaysNotNewStrikes() throws {
        let renderer = try ScoreRenderer(soundFontPath: try TestScores.soundFont())
        let tempoMap = TempoMap(bpm: 120)
        let note = Note(startTick: 480, durationTicks: 360, pitch: 84, velocity: 80)
        var repeats: [Note] = []
        for count in 1...2 {
            var repeated = Note(startTick: 480 + 360 * count, durationTicks: 360, pitch: 84, velocity: 80 - 18 * count)
            repeated.isEcho = true
            repeats.append(repeated)
        }
        func score(_ notes: [Note], echo: Echo?) -> Score {
            var track = Track(name: "woodblock", program: 115, channel: 0, reverb: 0, notes: notes)
            track.echo = echo
            // A track without a delay beside it, which plays on as it would.
            let click = Track(
                name: "click", program: 115, channel: 1, notes: [Note(startTick: 0, durationTicks: 60, pitch: 60, velocity: 90)])
            return Score(duration: 3, tempoMap: tempoMap, sections: [], tracks: [click, track], cuts: [], style: "test")
        }
        let delayed = try TestScores.render(score([note] + repeats, echo: Echo()), with: renderer)
        var held = note
        held.durationTicks = 3 * 360
        let withoutRepeats = try TestScores.render(score([held], echo: Echo()), with: renderer)
        let struck = try TestScores.render(score([note] + repeats, echo: nil), with: renderer)
        let undelayed = try TestScores.render(score([note], echo: nil), with: renderer)
        let same = delayed == withoutRepeats  // not inside #expect: its diff of two renders takes minutes
        #expect(same)
        // The level in the 100 ms after each repeat's time: a woodblock is silent again by then.
        func level(_ samples: [Float], at seconds: Double) -> Double {
            let frame = Int(seconds * Double(sampleRate))
            return TestScores.rms(samples, frames: frame..<(frame + sampleRate / 10))
        }
        for seconds in [0.875, 1.25] {
            let heard = level(delayed, at: seconds)
            let expected = level(struck, at: seconds)
            let without = level(undelayed, at: seconds)
            #expect(heard > 1.5 * without, "no repeat at \(seconds) s: \(heard) vs \(without) with none")
            let difference = 20 * log10(heard / expected)
            #expect(abs(difference) < 6, "the repeat at \(seconds) s is \(difference) dB from the struck note's")
        }
    }
}
