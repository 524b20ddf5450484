import Composition
import Foundation
import Rendering

/// Hand-built scores and signal helpers shared by the rendering tests.
enum TestScores {
    static let sampleRate = 48000

    /// The SoundFont the tests render with: whatever the locator picks on this machine.
    static func soundFont() throws -> String {
        try SoundFontLocator.locate(explicit: nil)
    }

    /// A piano note at `noteSeconds` (120 bpm, so one beat is 0.5 s) and a snare hit at
    /// `drumSeconds`, in a score `duration` seconds long.
    static func twoTracks(duration: Double = 3.0, noteSeconds: Double = 0.75, drumSeconds: Double = 2.0) -> Score {
        let tempoMap = TempoMap(ticksPerQuarter: 480, bpm: 120)
        let noteTick = tempoMap.tick(atSeconds: noteSeconds)
        let drumTick = tempoMap.tick(atSeconds: drumSeconds)
        let piano = Track(
            name: "piano", program: 0, channel: 0, reverb: 30,
            notes: [Note(startTick: noteTick, durationTicks: 480, pitch: 60, velocity: 100)])
        let drums = Track(
            name: "drums", program: 0, channel: 9, reverb: 20,
            notes: [Note(startTick: drumTick, durationTicks: 60, pitch: 38, velocity: 110)])
        return Score(
            duration: duration, tempoMap: tempoMap, sections: [], tracks: [piano, drums], cuts: [], style: "test")
    }

    /// A four-part loop (melody, strings, bass, drums) that fills `duration` seconds.
    static func fourParts(duration: Double, bpm: Double = 112) -> Score {
        let tempoMap = TempoMap(ticksPerQuarter: 480, bpm: bpm)
        let beats = Int(duration * bpm / 60)
        let scale = [0, 2, 4, 5, 7, 9, 11, 12]
        var melody: [Note] = []
        var strings: [Note] = []
        var bass: [Note] = []
        var drums: [Note] = []
        for beat in 0..<beats {
            let tick = beat * 480
            let root = [0, 5, 7, 3][(beat / 4) % 4]
            melody.append(Note(startTick: tick, durationTicks: 220, pitch: 72 + scale[(beat * 3) % 8], velocity: 90))
            melody.append(
                Note(startTick: tick + 240, durationTicks: 220, pitch: 72 + scale[(beat * 5) % 8], velocity: 75))
            if beat % 4 == 0 {
                for interval in [0, 4, 7] {
                    strings.append(
                        Note(startTick: tick, durationTicks: 1900, pitch: 60 + root + interval, velocity: 70))
                }
            }
            bass.append(Note(startTick: tick, durationTicks: 400, pitch: 36 + root, velocity: 95))
            drums.append(Note(startTick: tick, durationTicks: 60, pitch: beat % 2 == 0 ? 36 : 38, velocity: 105))
            drums.append(Note(startTick: tick + 240, durationTicks: 60, pitch: 42, velocity: 70))
        }
        return Score(
            duration: duration, tempoMap: tempoMap, sections: [],
            tracks: [
                Track(name: "melody", program: 73, channel: 0, reverb: 50, notes: melody),
                Track(name: "strings", program: 48, channel: 1, reverb: 70, notes: strings),
                Track(name: "bass", program: 33, channel: 2, reverb: 20, notes: bass),
                Track(name: "drums", program: 0, channel: 9, reverb: 30, notes: drums),
            ], cuts: [], style: "test")
    }

    /// Renders `score` into one interleaved array.
    static func render(_ score: Score, with renderer: ScoreRenderer, bandwidth: Double? = nil) throws -> [Float] {
        var samples: [Float] = []
        try renderer.render(score, bandwidth: bandwidth) { samples.append(contentsOf: $0) }
        return samples
    }

    /// Root mean square of interleaved stereo frames `start..<end`.
    static func rms(_ samples: [Float], frames: Range<Int>) -> Double {
        let slice = samples[(frames.lowerBound * 2)..<(frames.upperBound * 2)]
        let sum = slice.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(max(slice.count, 1))).squareRoot()
    }

    /// The left channel of `count` interleaved frames from `start`, under a Hann window.
    static func hannWindowed(_ samples: [Float], from start: Int, count: Int) -> [Double] {
        (0..<count).map { index in
            Double(samples[2 * (start + index)]) * (0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(count)))
        }
    }

    /// The power of `windowed` at `frequency` (one bin of a direct DFT).
    static func power(of windowed: [Double], at frequency: Double, sampleRate: Int = 48000) -> Double {
        let step = 2 * Double.pi * frequency / Double(sampleRate)
        let (stepRe, stepIm) = (cos(step), -sin(step))
        var (re, im, rotRe, rotIm) = (0.0, 0.0, 1.0, 0.0)
        for sample in windowed {
            re += sample * rotRe
            im += sample * rotIm
            (rotRe, rotIm) = (rotRe * stepRe - rotIm * stepIm, rotRe * stepIm + rotIm * stepRe)
        }
        return re * re + im * im
    }

    /// The power (dB, of an arbitrary reference) of the left channel's spectrum from `above` Hz
    /// up to the Nyquist frequency: Hann-windowed DFTs of 2048 frames at eight places, summed.
    static func highBandLevel(_ samples: [Float], above: Double, sampleRate: Int = 48000) -> Double {
        let window = 2048
        let frames = samples.count / 2
        let firstBin = max(1, Int((above * Double(window) / Double(sampleRate)).rounded(.up)))
        var power = 0.0
        for place in 0..<8 {
            let windowed = hannWindowed(samples, from: (frames - window) * place / 8, count: window)
            for bin in firstBin..<(window / 2) {
                power += self.power(of: windowed, at: Double(bin * sampleRate) / Double(window), sampleRate: sampleRate)
            }
        }
        return 10 * log10(power + 1e-30)
    }

    /// The largest level difference (dB) between two renderings of the same score over any half
    /// second (at 48 kHz).
    static func largestLevelDifference(_ one: [Float], _ other: [Float]) -> Double {
        var largest = 0.0
        for start in stride(from: 0, to: min(one.count, other.count) / 2 - 24000, by: 24000) {
            let frames = start..<(start + 24000)
            largest = max(largest, abs(20 * log10(rms(other, frames: frames) / rms(one, frames: frames))))
        }
        return largest
    }

    /// The first frame at or after `from` where either channel's magnitude exceeds `threshold`.
    static func onset(_ samples: [Float], from: Int = 0, threshold: Float = 1e-4) -> Int? {
        var frame = from
        while frame * 2 + 1 < samples.count {
            if abs(samples[frame * 2]) > threshold || abs(samples[frame * 2 + 1]) > threshold { return frame }
            frame += 1
        }
        return nil
    }

    /// A stereo sine, `amplitude` peak in the channels marked in `channels`, others silent.
    static func sine(
        frequency: Double, amplitude: Double, seconds: Double, channels: (left: Bool, right: Bool) = (true, true)
    ) -> [Float] {
        let frames = Int(seconds * Double(sampleRate))
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            let value = Float(amplitude * sin(2 * Double.pi * frequency * Double(frame) / Double(sampleRate)))
            if channels.left { samples[frame * 2] = value }
            if channels.right { samples[frame * 2 + 1] = value }
        }
        return samples
    }
}
