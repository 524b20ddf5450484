import Foundation
import Analysis
import Testing

/// Mood moves the right way on controlled inputs.
struct MoodTests {
    static let seconds = 4.0

    /// Analyses `seconds` of pictures made by `content(frame)` with optional sound and words.
    static func mood(
        prompt: String? = nil, subtitle: String? = nil, audio: [Float]? = nil,
        _ content: (Int) -> (Int, Int) -> (UInt8, UInt8, UInt8) = { _ in { _, _ in (120, 120, 120) } }
    ) -> Mood {
        var analyzer = Analyzer(prompt: prompt)
        let frames = Int(seconds * Synthetic.rate)
        for index in 0..<frames { analyzer.add(Synthetic.picture(at: Double(index) / Synthetic.rate, content(index))) }
        if let audio { analyzer.add(audio: audio) }
        if let subtitle { analyzer.addSubtitle(start: 0.5, end: 3.5, text: subtitle) }
        let result = analyzer.finish(duration: seconds)
        return result.scenes[0].mood
    }

    @Test func brightSaturatedFastBeatsDarkDesaturatedStatic() {
        let dark = Self.mood { _ in { x, y in let v = UInt8(20 + (x + y) % 12); return (v, v, v + 2) } }
        let bright = Self.mood { index in
            { x, y in
                let phase = (x * 4 + index * 9 + y * 2) % 64
                return phase < 32 ? (250, 200, 40) : (255, 60, 90)
            }
        }
        #expect(dark.arousal < bright.arousal, "dark \(dark), bright \(bright)")
        #expect(dark.valence < bright.valence, "dark \(dark), bright \(bright)")
    }

    /// Stereo 48 kHz: a quiet steady tone, or loud noise bursts four times a second.
    static func sound(loudPercussive: Bool, level: Float = 0.8) -> [Float] {
        let rate = 48_000
        var samples = [Float](repeating: 0, count: Int(seconds) * rate * 2)
        var seed: UInt32 = 12345
        for frame in 0..<(Int(seconds) * rate) {
            let value: Float
            if loudPercussive {
                let sinceHit = Double(frame % (rate / 4)) / Double(rate)
                seed = seed &* 1_664_525 &+ 1_013_904_223
                let noise = Float(Int32(bitPattern: seed)) / Float(Int32.max)
                value = noise * level * Float(exp(-sinceHit * 30))
            } else {
                value = 0.01 * Float(sin(Double(frame) * 2 * .pi * 220 / Double(rate)))
            }
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        return samples
    }

    @Test func loudPercussiveSoundBeatsQuietSparseSound() {
        let quiet = Self.mood(audio: Self.sound(loudPercussive: false))
        let loud = Self.mood(audio: Self.sound(loudPercussive: true))
        #expect(quiet.arousal < loud.arousal, "quiet \(quiet), loud \(loud)")
    }

    /// Very driven scenes stay in order: a bright, saturated, fast picture over percussive
    /// sound is over the top of the scale, and the same sound louder makes it more driven
    /// still; a clamp gave both 1, so the music could not play the second harder.
    @Test func drivenScenesKeepTheirOrderNearTheTop() {
        let bright: (Int) -> (Int, Int) -> (UInt8, UInt8, UInt8) = { index in
            { x, y in (x * 4 + index * 9 + y * 2) % 64 < 32 ? (250, 200, 40) : (255, 60, 90) }
        }
        let levels: [Float] = [0.05, 0.2, 0.5, 1.0]
        let moods = levels.map { Self.mood(audio: Self.sound(loudPercussive: true, level: $0), bright) }
        #expect(moods[0].arousal > 0.7, "\(moods)")
        for (quieter, louder) in zip(moods, moods.dropFirst()) {
            #expect(louder.arousal > quieter.arousal + 0.005, "\(moods)")
        }
        #expect(moods.last!.arousal < 1, "\(moods)")
    }

    @Test func promptsSteerTheMood() {
        let calm = Self.mood(prompt: "calm peaceful morning")
        let furious = Self.mood(prompt: "furious chase through the night")
        #expect(calm.arousal < furious.arousal)
        #expect(calm.valence > furious.valence)
        #expect(calm.tension < furious.tension)
    }

    @Test func wordsNameStylesAndInstruments() {
        #expect(WordMood.hints(in: "A calm piano piece, then epic orchestral drums; more piano") == [
            "piano", "cinematic", "orchestral", "drums",
        ])
        #expect(WordMood.hints(in: "nothing musical here").isEmpty)
    }

    @Test func subtitlesSteerTheMood() {
        let sad = Self.mood(subtitle: "I am so sad and alone, we lost everything. Goodbye.")
        let joyful = Self.mood(subtitle: "What a wonderful, happy day! Let's dance and celebrate with joy!")
        #expect(sad.valence < joyful.valence, "sad \(sad), joyful \(joyful)")
    }

    @Test func percussiveSoundHasATempo() {
        var track = AudioFeatureTrack()
        track.add(interleavedStereo: Self.sound(loudPercussive: true))
        let tempo = track.tempo(from: 0, to: Self.seconds)
        // Four hits a second: 240 BPM, which the 60..200 range holds as its half, 120.
        #expect(tempo.map { abs($0.bpm - 120) < 1 } == true, "\(String(describing: tempo))")
    }

    @Test func steadyToneIsNotSpeechButSyllablesAre() {
        var tone = AudioFeatureTrack()
        tone.add(interleavedStereo: Self.sound(loudPercussive: false).map { $0 * 30 })
        #expect(tone.speechRegions().isEmpty)
        // A voice-like 180 Hz buzz switched on and off about five times a second.
        let rate = 48_000
        var voice = [Float](repeating: 0, count: 4 * rate * 2)
        for frame in 0..<(4 * rate) {
            let syllable = (frame / (rate / 10)) % 2 == 0
            let value = syllable ? Float(0.2 * sin(Double(frame) * 2 * .pi * 180 / Double(rate))) : 0.002
            voice[2 * frame] = value
            voice[2 * frame + 1] = value
        }
        var speech = AudioFeatureTrack()
        speech.add(interleavedStereo: voice)
        let regions = speech.speechRegions()
        #expect(regions.reduce(0) { $0 + $1.upperBound - $1.lowerBound } > 2, "\(regions)")
    }
}
