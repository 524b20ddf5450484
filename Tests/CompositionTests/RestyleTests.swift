import Testing

@testable import Composition

/// Re-styling a MIDI song: read, analysed and re-arranged in every style, the result keeps the
/// melody's notes, the chords, the tempo map and the bars; bad files are refused, bounded.
@Suite("Re-styling songs")
struct RestyleTests {
    /// The chords written into the test song, one per bar: (root pitch class, intervals).
    static let progression: [(root: Int, intervals: [Int])] = [
        (9, [0, 3, 7]), (2, [0, 3, 7]), (4, [0, 4, 7]), (9, [0, 3, 7]), (5, [0, 4, 7]), (7, [0, 4, 7]),
        (0, [0, 4, 7]), (4, [0, 4, 7, 10]), (9, [0, 3, 7]), (2, [0, 3, 7]), (11, [0, 4, 7, 10]), (4, [0, 4, 7]),
        (9, [0, 3, 7]), (10, [0, 4, 7]), (4, [0, 4, 7]), (9, [0, 3, 7]), (5, [0, 4, 7]), (2, [0, 3, 7]),
        (4, [0, 4, 7]), (9, [0, 3, 7]),
    ]

    /// Bars 9-10 in 3/4, 11-12 in 6/8, the rest 4/4 (eighths per bar).
    static func eighths(ofBar bar: Int) -> Int {
        switch bar {
        case 8, 9: 6
        case 10, 11: 6
        default: 8
        }
    }

    /// A song in A minor with chromatic chords (E major, B7, Bb), tempo changes (and a
    /// ritardando at the end), meter changes, a melody part named "Lead vocal", a piano and drums.
    static func song(ticksPerQuarter tpq: Int, format: Int, runningStatus: Bool) -> [UInt8] {
        var builder = SongBuilder(ticksPerQuarter: tpq, tracks: format == 0 ? 1 : 4)
        builder.runningStatus = runningStatus
        let melodyTrack = format == 0 ? 0 : 1
        let pianoTrack = format == 0 ? 0 : 2
        let drumTrack = format == 0 ? 0 : 3
        builder.name(format == 0 ? "Song" : "Lead vocal", track: melodyTrack)
        if format == 1 { builder.name("Piano", track: pianoTrack) }
        builder.program(0, channel: 1, track: pianoTrack)
        builder.program(73, channel: 0, track: melodyTrack)
        var tick = 0
        let eighth = tpq / 2
        for (bar, chord) in progression.enumerated() {
            let length = eighths(ofBar: bar) * eighth
            if bar == 0 { builder.tempo(bpm: 96, at: 0) }
            if bar == 4 { builder.tempo(bpm: 120, at: tick) }
            if bar == 12 { builder.tempo(bpm: 72, at: tick) }
            if bar == 19 {
                for step in 0..<4 { builder.tempo(bpm: 72 - 6 * Double(step), at: tick + step * tpq) }
            }
            if bar == 0 || eighths(ofBar: bar) != eighths(ofBar: bar - 1) || bar == 10 {
                let (numerator, denominator) = bar == 10 || bar == 11 ? (6, 8) : (eighths(ofBar: bar) / 2, 4)
                builder.meter(numerator, denominator, at: tick)
            }
            builder.note(33 + (chord.root + 3) % 12, at: tick, ticks: length, velocity: 80, channel: 1, track: pianoTrack)
            for interval in chord.intervals {
                builder.note(
                    48 + (chord.root + interval - 48 % 12 + 12) % 12 + (interval >= 10 ? 12 : 0), at: tick, ticks: length,
                    velocity: 64, channel: 1, track: pianoTrack)
            }
            // The tune: chord tones on the beats, a passing note between, a rest now and then.
            var onset = 0
            var step = 0
            while onset < length {
                let tone = chord.intervals[step % 3]
                let pitch = 69 + (chord.root + tone - 9 + 12) % 12
                let ticks = step % 3 == 1 ? eighth : tpq
                if !(bar % 5 == 4 && step == 0) {
                    builder.note(pitch, at: tick + onset, ticks: min(ticks, length - onset), velocity: 96, channel: 0, track: melodyTrack)
                }
                if step % 3 == 1 && onset + eighth < length {
                    builder.note(pitch + 2, at: tick + onset + eighth, ticks: eighth / 2, velocity: 80, channel: 0, track: melodyTrack)
                }
                onset += step % 3 == 1 ? tpq : ticks
                step += 1
            }
            for beat in stride(from: 0, to: length, by: eighth) {
                builder.note(beat % tpq == 0 ? 36 : 42, at: tick + beat, ticks: eighth / 2, velocity: 70, channel: 9, track: drumTrack)
            }
            tick += length
        }
        return builder.bytes(format: format)
    }

    struct Kept {
        var melody: Double
        var chords: Double
    }

    /// Melody notes kept (pitch and onset in seconds, within a millisecond) and chord slots of
    /// the original whose chord the re-styled file's analysis agrees with.
    static func kept(original: SongAnalysis, restyled: SongAnalysis) -> Kept {
        let source = original.song.tempoMap
        let output = restyled.song.tempoMap
        let written = Set(restyled.melody.map { "\($0.pitch)@\(Int((output.seconds(atTick: $0.startTick) * 1000).rounded()))" })
        let found = original.melody.filter {
            written.contains("\($0.pitch)@\(Int((source.seconds(atTick: $0.startTick) * 1000).rounded()))")
        }
        var agreeing = 0
        for chord in original.chords {
            if let other = restyled.chord(atTick: chord.startTick), chord.agrees(with: other) { agreeing += 1 }
        }
        return Kept(
            melody: Double(found.count) / Double(max(1, original.melody.count)),
            chords: Double(agreeing) / Double(max(1, original.chords.count)))
    }

    /// The re-styled score written and read back, its melody part found by its name.
    static func readBack(_ score: Score) throws -> SongAnalysis {
        let song = try MIDIReader.song(from: MIDIFile.data(for: score))
        let melody = song.parts.firstIndex { $0.name.hasPrefix("Melody") }
        return SongAnalyzer.analyse(song, melodyPart: melody)
    }

    @Test(
        "The song is read as written: bars, meters, tempo map, key, chords and melody",
        arguments: [(96, 1, false), (384, 0, true), (100, 1, true), (960, 0, false)])
    func analysis(ticksPerQuarter: Int, format: Int, runningStatus: Bool) throws {
        let song = try MIDIReader.song(from: Self.song(ticksPerQuarter: ticksPerQuarter, format: format, runningStatus: runningStatus))
        let analysis = SongAnalyzer.analyse(song)
        #expect(analysis.bars.count == Self.progression.count)
        #expect(analysis.bars.enumerated().allSatisfy { $0.element.eighths == Self.eighths(ofBar: $0.offset) })
        #expect(song.tempoMap.changes.map(\.bpm).map { $0.rounded() } == [96, 120, 72, 72, 66, 60, 54])
        #expect(song.meters.map { "\($0.numerator)/\($0.denominator)" } == ["4/4", "3/4", "6/8", "4/4"])
        #expect(analysis.key.name == "A minor", "\(analysis.key)")
        let barChords = analysis.bars.map { bar in analysis.chord(atTick: bar.startTick)! }
        let right = zip(barChords, Self.progression).count { found, written in
            found.root == written.root && found.quality.intervals.prefix(3) == written.intervals.prefix(3)
        }
        #expect(right == Self.progression.count, "\(barChords.map { $0.name(in: analysis.key) })")
        let melodyNotes = song.parts[try #require(analysis.melodyPart)].notes.count
        #expect(analysis.melody.count == melodyNotes && melodyNotes > 60)
    }

    @Test(
        "Every style keeps the melody (100 %), the chords (at least 95 %), the tempo map and the bars",
        arguments: ["folk", "piano", "lofi", "electronic", "cinematic", "ambient"])
    func restyled(style: String) throws {
        for (tpq, format) in [(96, 1), (384, 0)] {
            let original = SongAnalyzer.analyse(
                try MIDIReader.song(from: Self.song(ticksPerQuarter: tpq, format: format, runningStatus: format == 0)))
            let score = Restyler(style: style, seed: 3).restyle(original)
            #expect(score.style == style)
            let restyled = try Self.readBack(score)
            let kept = Self.kept(original: original, restyled: restyled)
            #expect(kept.melody == 1, "\(style): melody \(kept.melody)")
            #expect(kept.chords >= 0.95, "\(style): chords \(kept.chords)")
            #expect(restyled.melody.count == original.melody.count, "\(style): no notes added to the melody")
            #expect(restyled.bars.map(\.ticks) == original.bars.map(\.ticks), "\(style)")
            let times = { (map: TempoMap) in map.changes.map { "\(map.seconds(atTick: $0.tick)):\($0.bpm)" } }
            #expect(times(restyled.song.tempoMap) == times(original.song.tempoMap), "\(style)")
            #expect(!score.tracks.contains { $0.name == "Piano" }, "the source's parts are not copied")
        }
    }

    @Test("Chords are spelled as their key spells them: Bb and Eb in F major, A# and D# in B major")
    func chordNamesFollowTheKey() {
        func chord(_ root: Int, _ quality: ChordQuality) -> FoundChord {
            FoundChord(startTick: 0, endTick: 1, root: root, quality: quality, confidence: 1)
        }
        let fMajor = FoundKey(tonic: 5, isMajor: true, confidence: 1)
        let dMinor = FoundKey(tonic: 2, isMajor: false, confidence: 1)
        let bMajor = FoundKey(tonic: 11, isMajor: true, confidence: 1)
        #expect(chord(10, .major).name(in: fMajor) == "Bb")
        #expect(chord(3, .majorSeventh).name(in: dMinor) == "Ebmaj7")
        #expect(chord(10, .dominantSeventh).name(in: bMajor) == "A#7")
        #expect(chord(3, .minor).name(in: bMajor) == "D#m")
    }

    @Test("Without a part named melody, the highest single line is the melody; a named part can be chosen")
    func melodyChoice() throws {
        var builder = SongBuilder(ticksPerQuarter: 480, tracks: 3)
        builder.name("Pad", track: 1)
        builder.name("Flute", track: 2)
        for bar in 0..<8 {
            for pitch in [48, 52, 55] { builder.note(pitch, at: bar * 1920, ticks: 1920, channel: 1, track: 1) }
            for beat in 0..<4 { builder.note(72 + beat, at: bar * 1920 + beat * 480, ticks: 400, channel: 2, track: 2) }
        }
        let song = try MIDIReader.song(from: builder.bytes())
        #expect(SongAnalyzer.analyse(song).melodyPart == 1)
        // Chosen by hand, a part of chords gives its top line.
        #expect(SongAnalyzer.analyse(song, melodyPart: 0).melody.map(\.pitch) == Array(repeating: 55, count: 8))
    }

    @Test("Bad files are refused with the reason: not MIDI, truncated, no notes, too many notes")
    func badFiles() throws {
        let good = Self.song(ticksPerQuarter: 96, format: 1, runningStatus: false)
        #expect(throws: SongError.notMIDI) { try MIDIReader.song(from: Array("RIFF....".utf8)) }
        #expect(throws: SongError.self) { try MIDIReader.song(from: Array(good.prefix(good.count / 2))) }
        if case .truncated = try #require(Self.failure(Array(good.prefix(good.count / 2)))) {} else {
            Issue.record("a file cut in half is not reported as truncated")
        }
        var drumsOnly = SongBuilder(ticksPerQuarter: 96)
        drumsOnly.note(36, at: 0, ticks: 48, channel: 9, track: 0)
        #expect(throws: SongError.noNotes) { try MIDIReader.song(from: drumsOnly.bytes()) }
        #expect(throws: SongError.noNotes) { try MIDIReader.song(from: SongBuilder(ticksPerQuarter: 96).bytes()) }

        // A million notes in 7 MB, under the byte limit: refused at the note limit, before the rest is read.
        var body: [UInt8] = [0, 0x90, 60, 100]
        body.reserveCapacity(7_000_000)
        for _ in 0..<1_000_000 { body += [1, 60, 0, 0, 60, 100] }
        body += [0, 0xFF, 0x2F, 0]
        let million = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 96] + Array("MTrk".utf8)
            + SongBuilder.bigEndian(body.count, 4) + body
        #expect(million.count < MIDIReader.maximumBytes)
        #expect(throws: SongError.tooLarge("more than \(MIDIReader.maximumNotes) notes")) {
            try MIDIReader.song(from: million)
        }
    }

    static func failure(_ bytes: [UInt8]) -> SongError? {
        do {
            _ = try MIDIReader.song(from: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("Chords outside the key are spelt exactly: every pitch class of the found chord is played")
    func chromaticSpelling() {
        let key = FoundKey(tonic: 9, isMajor: false, confidence: 1).key
        for root in 0..<12 {
            for quality in ChordQuality.allCases {
                let chord = Chord.spelling(root: root, intervals: quality.intervals, in: key)
                let classes = chord.pitchClasses(in: key)
                #expect(classes == quality.intervals.map { (root + $0) % 12 }, "\(root) \(quality)")
            }
        }
    }
}
