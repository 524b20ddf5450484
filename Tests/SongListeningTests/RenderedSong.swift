import Foundation
import TestSupport

/// A short song written as a Standard MIDI File by the test, with everything a listener should
/// find in it known in advance (beat times, bars, key, a chord per beat), and rendered to sound
/// with FluidSynth (and to MP3 with ffmpeg).
struct RenderedSong {
    var name: String
    /// Key: tonic pitch class and mode; chords per bar as (degree semitones above the tonic, major).
    var tonic: Int
    var isMajor: Bool
    var progression: [(offset: Int, major: Bool)]
    var beatsPerBar = 4
    var bars: Int
    /// Tempo of each beat (a ritardando slows the last bars).
    var bpm: (Int) -> Double
    var drums: Bool
    var soundFont: String
    var mp3: Bool
    var leadProgram = 73
    /// Silence before the first beat, in seconds (the listener must place the first downbeat after it).
    var leadIn = 0.0

    var beatCount: Int { bars * beatsPerBar }

    /// Seconds at which each beat starts, and one past the last.
    var beatTimes: [Double] {
        var times = [leadIn]
        for beat in 0..<beatCount { times.append(times[beat] + 60 / bpm(beat)) }
        return times
    }

    /// Root pitch class and major/minor of the chord on `beat`.
    func chord(onBeat beat: Int) -> (root: Int, major: Bool) {
        let step = progression[(beat / beatsPerBar) % progression.count]
        return ((tonic + step.offset) % 12, step.major)
    }

    /// The lead's note on `beat`: a chord tone, wandering, an octave above the piano.
    func leadPitch(onBeat beat: Int) -> Int {
        let (root, major) = chord(onBeat: beat)
        let tones = [0, major ? 4 : 3, 7, 12]
        let tone = tones[(beat * 5 / 3 + beat / beatsPerBar) % tones.count]
        return 72 + root % 12 + tone - (root % 12 > 6 ? 12 : 0)
    }

    func midi() -> [UInt8] {
        let quarter = 480
        var events: [(tick: Int, order: Int, bytes: [UInt8])] = []
        func note(_ pitch: Int, _ tick: Int, _ ticks: Int, _ velocity: Int, channel: UInt8) {
            events.append((tick, 2, [0x90 | channel, UInt8(pitch), UInt8(velocity)]))
            events.append((tick + ticks, 1, [0x80 | channel, UInt8(pitch), 0]))
        }
        events.append((0, 0, [0xFF, 0x58, 4, UInt8(beatsPerBar), 2, 24, 8]))
        for (channel, program) in [(0, 0), (1, 32), (2, leadProgram)] {
            events.append((0, 0, [0xC0 | UInt8(channel), UInt8(program)]))
        }
        for beat in 0..<beatCount {
            let micros = Int((60_000_000 / bpm(beat)).rounded())
            events.append(
                (
                    beat * quarter, 0,
                    [0xFF, 0x51, 3, UInt8(micros >> 16 & 0xFF), UInt8(micros >> 8 & 0xFF), UInt8(micros & 0xFF)]
                ))
            let tick = beat * quarter
            let (root, major) = chord(onBeat: beat)
            let inBar = beat % beatsPerBar
            let accent = inBar == 0 ? 92 : 64
            // Piano: the triad in close position above middle C, on every beat.
            for interval in [0, major ? 4 : 3, 7] {
                note(60 + (root + interval) % 12, tick, quarter - 30, accent, channel: 0)
            }
            // Bass: the root on the downbeat, held for the bar.
            if inBar == 0 { note(36 + root, tick, beatsPerBar * quarter - 30, 100, channel: 1) }
            // Lead: a chord tone per beat, wandering, an octave above the piano.
            note(leadPitch(onBeat: beat), tick, quarter - 20, 100, channel: 2)
            if drums {
                note(inBar % 2 == 0 ? 36 : 38, tick, 100, inBar == 0 ? 120 : 95, channel: 9)
                note(42, tick + quarter / 2, 60, 60, channel: 9)
            }
        }
        events.sort { ($0.tick, $0.order) < ($1.tick, $1.order) }
        var body: [UInt8] = []
        var last = 0
        for event in events {
            body += Self.variableLength(event.tick - last) + event.bytes
            last = event.tick
        }
        body += [0, 0xFF, 0x2F, 0]
        return Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0] + Array("MTrk".utf8)
            + [
                UInt8(body.count >> 24 & 0xFF), UInt8(body.count >> 16 & 0xFF), UInt8(body.count >> 8 & 0xFF),
                UInt8(body.count & 0xFF),
            ]
            + body
    }

    /// Writes the MIDI file and renders it; returns the sound file's path.
    func render(in folder: String) throws -> String {
        let midiPath = "\(folder)/\(name).mid"
        try Data(midi()).write(to: URL(fileURLWithPath: midiPath))
        let wavPath = "\(folder)/\(name).wav"
        try Subprocess.runBlocking([
            "/usr/bin/fluidsynth", "-ni", "-q", "-g", "0.6", "-F", wavPath, "-r", "22050", soundFont, midiPath,
        ])
            .succeeded("fluidsynth \(midiPath)")
        let delay = "adelay=\(Int(leadIn * 1000))|\(Int(leadIn * 1000))"
        guard mp3 || leadIn > 0 else { return wavPath }
        let soundPath = "\(folder)/\(name).\(mp3 ? "mp3" : "delayed.wav")"
        try Subprocess.ffmpegBlocking(["-i", wavPath, "-af", delay] + (mp3 ? ["-b:a", "128k"] : []) + [soundPath])
        return soundPath
    }

    static func variableLength(_ value: Int) -> [UInt8] {
        var value = value
        var bytes = [UInt8(value & 0x7F)]
        value >>= 7
        while value > 0 {
            bytes.insert(UInt8(value & 0x7F) | 0x80, at: 0)
            value >>= 7
        }
        return bytes
    }
}
