/// Writes a score as a Standard MIDI File (type 1).
///
/// Track 0 is the conductor: tempo changes, 4/4 at the start and a time signature wherever the bar
/// length changes (the irregular bars before montage cuts), a key signature wherever the key
/// changes, and a named marker at each cut and section start ("Scene 4 at 0:24.10", "Section 3:
/// A minor, full"), so that a DAW's marker list is useful. Then one track per instrument: its
/// name, program (the kit on the drum channel, when not the standard one), reverb send
/// (controller 91), the key signatures again (notation programs such as MuseScore read them from
/// the instrument's own track), its controllers and its notes; drums play on channel 10 (index 9).
/// Times are ticks at the tempo map's resolution, so the file plays back exactly as the score's
/// seconds say.
public enum MIDIFile {
    public static func data(for score: Score) -> [UInt8] {
        let endTick = endTick(of: score)
        let keys = keySignatures(of: score)
        var chunks = [conductor(for: score, keys: keys)]
        chunks += score.tracks.map { instrument($0, keys: keys) }
        var bytes: [UInt8] = Array("MThd".utf8)
        bytes += bigEndian(6, bytes: 4)
        bytes += bigEndian(1, bytes: 2)
        bytes += bigEndian(chunks.count, bytes: 2)
        bytes += bigEndian(score.tempoMap.ticksPerQuarter, bytes: 2)
        for chunk in chunks {
            let body = chunk.encoded(endTick: endTick)
            bytes += Array("MTrk".utf8) + bigEndian(body.count, bytes: 4) + body
        }
        return bytes
    }

    /// The last tick of the piece: the end of the last section, or of the last note if later.
    static func endTick(of score: Score) -> Int {
        let sectionEnd = score.sections.last.map(\.endTick)
        let noteEnd = score.tracks.flatMap(\.notes).map(\.endTick).max()
        return max(sectionEnd ?? score.tempoMap.tick(atSeconds: score.duration), noteEnd ?? 0)
    }

    /// (tick, data) of each key signature event: one at each section start whose key differs
    /// from the one before.
    static func keySignatures(of score: Score) -> [(tick: Int, data: [UInt8])] {
        var result: [(tick: Int, data: [UInt8])] = []
        for section in score.sections {
            let sharps = UInt8(bitPattern: Int8(section.keySignature.clamped(to: -7...7)))
            let data: [UInt8] = [sharps, section.isMajor ? 0 : 1]
            if result.last?.data != data { result.append((section.startTick, data)) }
        }
        return result
    }

    /// The marker texts by tick: each cut names its scene and time, each section start its number,
    /// key and intensity; a cut that starts a section carries both.
    static func markers(of score: Score) -> [(tick: Int, text: String)] {
        var texts: [Int: [String]] = [:]
        for (index, cut) in score.cuts.enumerated() {
            texts[score.tempoMap.tick(atSeconds: cut), default: []].append("Scene \(index + 2) at \(clock(cut))")
        }
        for (index, section) in score.sections.enumerated() {
            texts[section.startTick, default: []].append("Section \(index + 1): \(section.key), \(section.character)")
        }
        return texts.keys.sorted().map { ($0, texts[$0]!.joined(separator: " / ")) }
    }

    /// m:ss.ss, as a video player shows a time.
    private static func clock(_ seconds: Double) -> String {
        let hundredths = Int((seconds * 100).rounded())
        let minutes = hundredths / 6000
        let rest = hundredths % 6000
        let secondsPart = rest / 100
        let fraction = rest % 100
        return "\(minutes):\(secondsPart < 10 ? "0" : "")\(secondsPart).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private static func conductor(for score: Score, keys: [(tick: Int, data: [UInt8])]) -> EventList {
        var events = EventList()
        events.add(at: 0, meta: 0x03, Array("soundtrack".utf8))
        // The first time signature is always the regular one: readers that assume one meter
        // (MusPy's groove consistency) take the bar length from it.
        events.add(at: 0, meta: 0x58, timeSignature(numerator: score.beatsPerBar, denominator: 4))
        var previous = (numerator: score.beatsPerBar, denominator: 4)
        for (index, bar) in score.bars.enumerated() {
            let signature = bar.timeSignature
            // A short first bar is a pickup written under the 4/4 signature; the next bar
            // states its signature again, which starts a new bar for every reader.
            if index == 0 {
                previous = signature
                continue
            }
            guard signature != previous else { continue }
            let data = timeSignature(numerator: signature.numerator, denominator: signature.denominator)
            events.add(at: bar.startTick, meta: 0x58, data)
            previous = signature
        }
        for change in score.tempoMap.changes {
            let micros = TempoMap.microsecondsPerQuarter(bpm: change.bpm).clamped(to: 1...0xFF_FFFF)
            events.add(at: change.tick, meta: 0x51, bigEndian(micros, bytes: 3))
        }
        for key in keys {
            events.add(at: key.tick, meta: 0x59, key.data)
        }
        for marker in markers(of: score) {
            events.add(at: marker.tick, meta: 0x06, Array(marker.text.utf8))
        }
        return events
    }

    private static func instrument(_ track: Track, keys: [(tick: Int, data: [UInt8])]) -> EventList {
        var events = EventList()
        let channel = UInt8(track.channel.clamped(to: 0...15))
        events.add(at: 0, meta: 0x03, Array(track.name.utf8))
        if !track.isDrums {
            for key in keys {
                events.add(at: key.tick, meta: 0x59, key.data)
            }
        }
        if !track.isDrums || track.program != 0 {
            events.add(at: 0, order: .setup, [0xC0 | channel, UInt8(track.program.clamped(to: 0...127))])
        }
        events.add(at: 0, order: .setup, [0xB0 | channel, 91, UInt8(track.reverb.clamped(to: 0...127))])
        events.add(at: 0, order: .setup, [0xB0 | channel, 7, UInt8(track.volume.clamped(to: 0...127))])
        for control in track.controls {
            events.add(
                at: control.tick, order: .control,
                [0xB0 | channel, UInt8(control.controller.clamped(to: 0...127)), UInt8(control.value.clamped(to: 0...127))])
        }
        for note in track.notes where note.durationTicks > 0 {
            let pitch = UInt8(note.pitch.clamped(to: 0...127))
            let velocity = UInt8(note.velocity.clamped(to: 1...127))
            events.add(at: note.startTick, order: .noteOn, [0x90 | channel, pitch, velocity])
            events.add(at: note.endTick, order: .noteOff, [0x80 | channel, pitch, 0])
        }
        return events
    }

    /// A time signature event's data: numerator, denominator as a power of two, MIDI clocks per
    /// metronome click (a quarter, or a dotted quarter in eighths) and 32nds per quarter.
    private static func timeSignature(numerator: Int, denominator: Int) -> [UInt8] {
        let power: UInt8 = denominator == 8 ? 3 : 2
        return [UInt8(numerator.clamped(to: 1...255)), power, denominator == 8 ? 12 : 24, 8]
    }

    static func bigEndian(_ value: Int, bytes: Int) -> [UInt8] {
        (0..<bytes).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// A MIDI variable-length quantity: seven bits per byte, high bit set on all but the last.
    static func variableLength(_ value: Int) -> [UInt8] {
        var value = max(0, value)
        var bytes = [UInt8(value & 0x7F)]
        value >>= 7
        while value > 0 {
            bytes.insert(UInt8(value & 0x7F) | 0x80, at: 0)
            value >>= 7
        }
        return bytes
    }
}

/// Events of one track chunk, kept in the order they must be written.
private struct EventList {
    /// At one tick: meta events and set-up first, then controllers, then note-offs, then
    /// note-ons, so a pedal is lifted and a repeated note released before the next is struck.
    enum Order: Int {
        case setup = 0
        case control = 1
        case noteOff = 2
        case noteOn = 3
    }

    private var events: [(tick: Int, order: Order, sequence: Int, bytes: [UInt8])] = []

    mutating func add(at tick: Int, order: Order, _ bytes: [UInt8]) {
        events.append((max(0, tick), order, events.count, bytes))
    }

    mutating func add(at tick: Int, meta type: UInt8, _ data: [UInt8]) {
        add(at: tick, order: .setup, [0xFF, type] + MIDIFile.variableLength(data.count) + data)
    }

    /// The chunk body: delta-timed events, ending with end-of-track at `endTick` (or at the last
    /// event if that is later).
    func encoded(endTick: Int) -> [UInt8] {
        let sorted = events.sorted {
            ($0.tick, $0.order.rawValue, $0.sequence) < ($1.tick, $1.order.rawValue, $1.sequence)
        }
        var bytes: [UInt8] = []
        var previous = 0
        for event in sorted {
            bytes += MIDIFile.variableLength(event.tick - previous) + event.bytes
            previous = event.tick
        }
        bytes += MIDIFile.variableLength(max(endTick, previous) - previous) + [0xFF, 0x2F, 0x00]
        return bytes
    }
}
