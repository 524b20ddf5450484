import Foundation
import TestSupport
import Testing

/// Re-styling recordings through the binary: a MIDI file written by the test is rendered to an
/// MP3 by soundtrack itself (re-styled as folk, so its bars and tempo map are the file's), and
/// that recording is heard and re-styled again, to .mid and .m4a; bad recordings are refused
/// with one line and exit 65, nothing written.
@Suite("Re-styling recordings (command line)")
struct RecordingRestyleTests {
    /// Sixteen bars of 4/4 at 100 bpm (C Am F G), piano chords on every beat, a bass on the
    /// downbeats and a flute melody, and a closing C bar.
    static func writtenSong() -> [UInt8] {
        var events: [(tick: Int, order: Int, bytes: [UInt8])] = [
            (0, 0, [0xFF, 0x51, 3, 0x09, 0x27, 0xC0]), (0, 0, [0xFF, 0x58, 4, 4, 2, 24, 8]),
            (0, 0, [0xC0, 0]), (0, 0, [0xC1, 32]), (0, 0, [0xC2, 73]),
        ]
        func note(_ pitch: Int, _ tick: Int, _ ticks: Int, _ velocity: Int, _ channel: UInt8) {
            events.append((tick, 2, [0x90 | channel, UInt8(pitch), UInt8(velocity)]))
            events.append((tick + ticks, 1, [0x80 | channel, UInt8(pitch), 0]))
        }
        let chords: [(root: Int, third: Int)] = [(0, 4), (9, 3), (5, 4), (7, 4)]
        for bar in 0..<17 {
            let chord = bar == 16 ? (root: 0, third: 4) : chords[bar % 4]
            for beat in 0..<4 {
                let tick = (bar * 4 + beat) * 480
                for interval in [0, chord.third, 7] {
                    note(60 + (chord.root + interval) % 12, tick, 450, beat == 0 ? 90 : 64, 0)
                }
                if beat == 0 { note(36 + chord.root, tick, 1900, 100, 1) }
                note(72 + (chord.root + [0, chord.third, 7, 12][(beat + bar) % 4]) % 12, tick, 460, 100, 2)
            }
        }
        events.sort { ($0.tick, $0.order) < ($1.tick, $1.order) }
        var body: [UInt8] = []
        var last = 0
        for event in events {
            var delta = event.tick - last
            var bytes = [UInt8(delta & 0x7F)]
            delta >>= 7
            while delta > 0 {
                bytes.insert(UInt8(delta & 0x7F) | 0x80, at: 0)
                delta >>= 7
            }
            body += bytes + event.bytes
            last = event.tick
        }
        body += [0, 0xFF, 0x2F, 0]
        let count = body.count
        return Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0] + Array("MTrk".utf8)
            + [UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            + body
    }

    /// A 16-bit mono WAV at 22.05 kHz; `stated` overrides the data length its header states.
    static func wav(_ samples: [Int16], stating stated: Int? = nil) -> Data {
        var data = Data()
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let bytes = stated ?? samples.count * 2
        data.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + bytes))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(16)
        append16(1)
        append16(1)
        append(22_050)
        append(44_100)
        append16(2)
        append16(16)
        data.append(contentsOf: Array("data".utf8))
        append(UInt32(bytes))
        for sample in samples { append16(UInt16(bitPattern: sample)) }
        return data
    }

    @Test("song.mp3 --style piano -o song.piano.m4a, and to .mid: the same bars and tempo")
    func restyleRecording() async throws {
        let folder = try TemporaryFolder()
        try Data(Self.writtenSong()).write(to: folder.appending("written.mid"))
        let recorded = try await Subprocess.soundtrack(
            ["written.mid", "--style", "folk", "-o", "recording.mp3"], in: folder.url)
        try #require(recorded.status == 0, "\(recorded.summary)")

        let toAudio = try await Subprocess.soundtrack(
            ["recording.mp3", "--style", "piano", "-o", "heard.piano.m4a", "--report", "heard.json"], in: folder.url)
        try #require(toAudio.status == 0, "\(toAudio.summary)")
        #expect(toAudio.standardOutputText == "heard.piano.m4a\n")
        let toMIDI = try await Subprocess.soundtrack(
            ["recording.mp3", "--style", "lofi", "-o", "heard.lofi.mid"], in: folder.url)
        try #require(toMIDI.status == 0, "\(toMIDI.summary)")

        let written = try await RestyleCommandTests.analyse("written.mid", in: folder)
        let heard = try await RestyleCommandTests.analyse("recording.mp3", in: folder)
        let restyled = try await RestyleCommandTests.analyse("heard.lofi.mid", in: folder)
        let report = try JSONDecoder().decode(
            RestyleCommandTests.Analysis.self, from: Data(contentsOf: folder.appending("heard.json")))
        print(
            "written \(written.bars) bars; heard \(heard.bars) bars, key \(heard.key.name); re-styled \(restyled.bars) bars"
        )
        #expect(written.bars == 17)
        #expect(heard.bars == written.bars, "heard \(heard.bars) bars of \(written.bars)")
        #expect(restyled.bars == heard.bars && report.bars == heard.bars)
        #expect(heard.key.name == "C major")
        for analysis in [heard, restyled, report] {
            let tempi = analysis.tempoMap.map(\.bpm).sorted()
            let median = tempi[tempi.count / 2]
            #expect(abs(median / 100 - 1) <= 0.02, "median tempo \(median)")
        }
        #expect(
            try folder.listing() == ["heard.json", "heard.lofi.mid", "heard.piano.m4a", "recording.mp3", "written.mid"])
    }

    @Test("Bad recordings: silent, noise, cut short, six hours: one line, exit 65, nothing written")
    func badRecordings() async throws {
        let folder = try TemporaryFolder()
        try Self.wav([Int16](repeating: 0, count: 22_050 * 10)).write(to: folder.appending("silent.wav"))
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(22_050 * 10)).map { _ in Int16.random(in: -8000...8000, using: &generator) }
        try Self.wav(noise).write(to: folder.appending("noise.wav"))
        // Six hours of 16-bit sound, a sparse file (refused from its length, before it is decoded);
        // and a header that states six hours before a second of sound (a file cut short).
        let sixHours = 6 * 3600 * 22_050 * 2
        try Self.wav([], stating: sixHours).write(to: folder.appending("six-hours.wav"))
        let handle = try FileHandle(forWritingTo: folder.appending("six-hours.wav"))
        try handle.truncate(atOffset: UInt64(44 + sixHours))
        try handle.close()
        try Self.wav(Array(noise.prefix(22_050)), stating: sixHours).write(to: folder.appending("cut-short.wav"))
        try Self.wav(Array(noise.prefix(2000))).write(to: folder.appending("short.wav"))
        try Data("ID3 not an mp3 at all".utf8).write(to: folder.appending("text.mp3"))
        for (name, words) in [
            ("silent.wav", "silent"), ("noise.wav", "no chords"), ("six-hours.wav", "longer than the 30 min"),
            ("short.wav", "at least 4 s"), ("cut-short.wav", "at least 4 s"), ("text.mp3", "not a usable recording"),
        ] {
            let result = try await Subprocess.soundtrack([name, "-o", "out.mid"], in: folder.url)
            #expect(result.status == 65, "\(name): \(result.summary)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(words), "\(name): \(result.standardError)")
            let analysed = try await Subprocess.soundtrack(["analyze", name], in: folder.url)
            #expect(analysed.status == 65, "\(name): \(analysed.summary)")
        }
        #expect(!(try folder.listing()).contains("out.mid"))
    }
}
