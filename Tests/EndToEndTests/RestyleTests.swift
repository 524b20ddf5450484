import Foundation
import TestSupport
import Testing

/// Re-styling songs through the binary: a MIDI file (made by soundtrack from words, so it has a
/// melody part, drums and tempo changes) re-styled and analysed; bad MIDI files refused with one
/// line and exit 65, nothing written.
@Suite("Re-styling songs (command line)")
struct RestyleCommandTests {
    struct Analysis: Decodable {
        struct Tempo: Decodable, Equatable { var time: Double; var bpm: Double }
        struct Chord: Decodable { var start: Double; var chord: String; var confidence: Double }
        struct Note: Decodable, Hashable { var time: Double; var pitch: Int }
        struct Melody: Decodable { var part: Int?; var notes: [Note] }
        struct Key: Decodable { var name: String }
        var bars: Int
        var tempoMap: [Tempo]
        var key: Key
        var chords: [Chord]
        var melody: Melody
    }

    static func analyse(_ name: String, in folder: TemporaryFolder) async throws -> Analysis {
        let result = try await Subprocess.soundtrack(["analyze", name], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        return try JSONDecoder().decode(Analysis.self, from: Data(result.standardOutputText.utf8))
    }

    @Test("song.mid --style folk -o song.folk.mid keeps the melody, chords, tempo map and bars")
    func restyleMIDI() async throws {
        let folder = try TemporaryFolder()
        let made = try await Subprocess.soundtrack(
            ["--prompt", "a bright morning walk", "--duration", "40", "-o", "song.mid"], in: folder.url)
        try #require(made.status == 0, "\(made.summary)")
        let result = try await Subprocess.soundtrack(
            ["song.mid", "--style", "piano", "-o", "song.piano.mid", "--report", "song.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "song.piano.mid\n")
        let original = try await Self.analyse("song.mid", in: folder)
        let restyled = try await Self.analyse("song.piano.mid", in: folder)
        #expect(restyled.bars == original.bars && original.bars > 10)
        #expect(restyled.tempoMap == original.tempoMap)
        #expect(restyled.key.name == original.key.name)
        let kept = Set(original.melody.notes).intersection(restyled.melody.notes)
        #expect(kept.count == original.melody.notes.count && !kept.isEmpty, "\(kept.count) of \(original.melody.notes.count)")
        let agreeing = original.chords.count { chord in
            restyled.chords.last { $0.start <= chord.start + 0.0005 }.map { Self.triad($0.chord) == Self.triad(chord.chord) } ?? false
        }
        #expect(Double(agreeing) >= 0.95 * Double(original.chords.count), "\(agreeing) of \(original.chords.count)")
        #expect(try folder.listing() == ["song.json", "song.mid", "song.piano.mid"])
    }

    static func triad(_ name: String) -> String {
        for (suffix, kept) in [("maj7", ""), ("m7", "m"), ("7", "")] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count)) + kept
        }
        return name
    }

    @Test("Bad MIDI files: one line, exit 65, nothing written")
    func badFiles() async throws {
        let folder = try TemporaryFolder()
        let made = try await Subprocess.soundtrack(
            ["--prompt", "calm", "--duration", "20", "-o", "song.mid"], in: folder.url)
        try #require(made.status == 0, "\(made.summary)")
        let song = try Data(contentsOf: folder.appending("song.mid"))
        try song.prefix(song.count / 2).write(to: folder.appending("truncated.mid"))
        let empty: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 1, 0, 96] + Array("MTrk".utf8) + [0, 0, 0, 4, 0, 0xFF, 0x2F, 0]
        try Data(empty).write(to: folder.appending("empty.mid"))
        try Data("not a song".utf8).write(to: folder.appending("text.mid"))
        var body: [UInt8] = [0, 0x90, 60, 100]
        for _ in 0..<1_000_000 { body += [1, 60, 0, 0, 60, 100] }
        body += [0, 0xFF, 0x2F, 0]
        let count = body.count
        let header: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 96] + Array("MTrk".utf8)
            + [UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        try Data(header + body).write(to: folder.appending("million.mid"))
        for (name, words) in [
            ("truncated.mid", "cut short"), ("empty.mid", "no pitched notes"), ("text.mid", "not a Standard MIDI File"),
            ("million.mid", "more than"),
        ] {
            let result = try await Subprocess.soundtrack([name, "-o", "out.mid"], in: folder.url)
            #expect(result.status == 65, "\(name): \(result.summary)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(words), "\(name): \(result.standardError)")
        }
        #expect(!(try folder.listing()).contains("out.mid"))
    }
}
