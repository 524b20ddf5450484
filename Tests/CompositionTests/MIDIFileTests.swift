import Testing

@testable import Composition

@Suite("MIDI file")
struct MIDIFileTests {
    let score = Composer(style: "electronic", seed: 2).compose(
        scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)

    @Test("variable-length numbers use seven bits per byte")
    func variableLength() {
        #expect(MIDIFile.variableLength(0) == [0x00])
        #expect(MIDIFile.variableLength(0x7F) == [0x7F])
        #expect(MIDIFile.variableLength(0x80) == [0x81, 0x00])
        #expect(MIDIFile.variableLength(0x2000) == [0xC0, 0x00])
        #expect(MIDIFile.variableLength(0x0FFF_FFFF) == [0xFF, 0xFF, 0xFF, 0x7F])
    }

    @Test("type 1: a conductor track, then one track per instrument")
    func layout() throws {
        let file = try SMFReader(MIDIFile.data(for: score))
        #expect(file.format == 1)
        #expect(file.division == score.tempoMap.ticksPerQuarter)
        #expect(file.tracks.count == score.tracks.count + 1)
        #expect(!file.tracks[0].contains { $0.kind == 0x90 || $0.kind == 0x80 }, "the conductor plays no notes")
        let endTicks = file.tracks.map { $0.last!.tick }
        #expect(Set(endTicks) == [MIDIFile.endTick(of: score)], "every track ends at the end of the piece")
    }

    @Test("the conductor carries tempo, time signatures, key signatures and a marker per cut")
    func conductor() throws {
        let conductor = try SMFReader(MIDIFile.data(for: score)).tracks[0]
        let tempos = conductor.filter { $0.metaType == 0x51 }.map { ($0.tick, $0.data.reduce(0) { $0 << 8 | Int($1) }) }
        let expected = score.tempoMap.changes.map { ($0.tick, TempoMap.microsecondsPerQuarter(bpm: $0.bpm)) }
        #expect(tempos.map(\.0) == expected.map(\.0))
        #expect(tempos.map(\.1) == expected.map(\.1))
        // 4/4 first, then one signature wherever the bar length changes (denominator as a power of 2).
        let signatures = conductor.filter { $0.metaType == 0x58 }.map { ($0.tick, Array($0.data.prefix(2))) }
        var expectedSignatures = [(0, [UInt8(4), 2])]
        var previous = score.bars.first?.eighths ?? 8
        for bar in score.bars.dropFirst() where bar.eighths != previous {
            let (numerator, power) = bar.eighths % 2 == 0 ? (bar.eighths / 2, 2) : (bar.eighths, 3)
            expectedSignatures.append((bar.startTick, [UInt8(numerator), UInt8(power)]))
            previous = bar.eighths
        }
        #expect(expectedSignatures.count > 1, "the trailer's montage needs irregular bars")
        #expect(signatures.map(\.0) == expectedSignatures.map(\.0))
        #expect(signatures.map(\.1) == expectedSignatures.map(\.1))
        // A key signature wherever the key changes, and a named marker at each cut and section start.
        let keys = conductor.filter { $0.metaType == 0x59 }
        var expectedKeys: [(tick: Int, sharps: Int, major: Bool)] = []
        for section in score.sections
        where expectedKeys.last.map({ $0.sharps != section.keySignature || $0.major != section.isMajor }) ?? true {
            expectedKeys.append((section.startTick, section.keySignature, section.isMajor))
        }
        #expect(keys.map(\.tick) == expectedKeys.map(\.tick))
        #expect(keys.map { Int(Int8(bitPattern: $0.data[0])) } == expectedKeys.map(\.sharps))
        #expect(keys.map { $0.data[1] == 0 } == expectedKeys.map(\.major))
        let markers = conductor.filter { $0.metaType == 0x06 }
        let markerTicks = Set(score.cuts.map { score.tempoMap.tick(atSeconds: $0) } + score.sections.map(\.startTick))
        #expect(Set(markers.map(\.tick)) == markerTicks && markers.count == markerTicks.count)
        for (index, cut) in score.cuts.enumerated() {
            let marker = markers.first { $0.tick == score.tempoMap.tick(atSeconds: cut) }
            let text = marker.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
            #expect(text.contains("Scene \(index + 2) at "), "\(text)")
        }
        for (index, section) in score.sections.enumerated() {
            let text = markers.first { $0.tick == section.startTick }.map { String(decoding: $0.data, as: UTF8.self) }
            #expect(text?.contains("Section \(index + 1): \(section.key)") == true, "\(text ?? "")")
        }
        // Notation programs read the key from the instrument's own track too.
        let file = try SMFReader(MIDIFile.data(for: score))
        for (track, events) in zip(score.tracks, file.tracks.dropFirst()) where !track.isDrums {
            #expect(events.filter { $0.metaType == 0x59 }.map(\.tick) == expectedKeys.map(\.tick))
        }
    }

    @Test("instrument tracks: name, program, reverb, volume, then the score's notes exactly")
    func instruments() throws {
        let file = try SMFReader(MIDIFile.data(for: score))
        for (track, events) in zip(score.tracks, file.tracks.dropFirst()) {
            let name = events.first { $0.metaType == 0x03 }.map { String(decoding: $0.data, as: UTF8.self) }
            #expect(name == track.name)
            let programs = events.filter { $0.kind == 0xC0 }.map { Int($0.data[0]) }
            #expect(programs == (track.isDrums && track.program == 0 ? [] : [track.program]))
            let reverb = events.first { $0.kind == 0xB0 && $0.data[0] == 91 }
            #expect(reverb.map { Int($0.data[1]) } == track.reverb)
            let volume = events.first { $0.kind == 0xB0 && $0.data[0] == 7 }
            #expect(volume.map { Int($0.data[1]) } == track.volume)
            let channels = Set(events.filter { $0.kind >= 0x80 && $0.kind < 0xF0 }.map(\.channel))
            #expect(channels == [track.channel])
            #expect(try notes(in: events).sorted(by: Self.order) == track.notes.sorted(by: Self.order))
        }
        #expect(score.tracks.first { $0.isDrums }?.channel == 9)
    }

    /// Pairs note-ons with note-offs, failing if a pitch is struck while it still sounds (which
    /// happens when a note-on is written before the note-off at the same tick).
    func notes(in events: [SMFReader.Event]) throws -> [Note] {
        var sounding: [Int: (tick: Int, velocity: Int)] = [:]
        var notes: [Note] = []
        for event in events where event.isNoteOn || event.isNoteOff {
            let pitch = Int(event.data[0])
            if event.isNoteOn {
                #expect(sounding[pitch] == nil, "pitch \(pitch) struck again at \(event.tick) before its note-off")
                sounding[pitch] = (event.tick, Int(event.data[1]))
            } else {
                let struck = sounding.removeValue(forKey: pitch)
                let on = try #require(struck, "note-off without note-on")
                notes.append(
                    Note(startTick: on.tick, durationTicks: event.tick - on.tick, pitch: pitch, velocity: on.velocity))
            }
        }
        #expect(sounding.isEmpty, "notes left sounding")
        return notes
    }

    static func order(_ a: Note, _ b: Note) -> Bool {
        (a.startTick, a.pitch, a.durationTicks, a.velocity) < (b.startTick, b.pitch, b.durationTicks, b.velocity)
    }
}
