/// Writes small Standard MIDI Files for the re-styling tests, byte by byte and independently of
/// the score's writer: format 0 or 1, any resolution, with running status when asked.
struct SongBuilder {
    struct Event {
        var tick: Int
        var bytes: [UInt8]
        /// Order at one tick: meta 0, note-off 1, note-on 2.
        var order: Int
    }

    var ticksPerQuarter: Int
    var tracks: [[Event]] = [[]]
    var runningStatus = false

    init(ticksPerQuarter: Int, tracks: Int = 1) {
        self.ticksPerQuarter = ticksPerQuarter
        self.tracks = Array(repeating: [], count: tracks)
    }

    mutating func meta(_ type: UInt8, _ data: [UInt8], at tick: Int, track: Int = 0) {
        tracks[track].append(Event(tick: tick, bytes: [0xFF, type] + Self.variableLength(data.count) + data, order: 0))
    }

    mutating func name(_ text: String, track: Int) { meta(0x03, Array(text.utf8), at: 0, track: track) }

    mutating func tempo(bpm: Double, at tick: Int) {
        let micros = Int((60_000_000 / bpm).rounded())
        meta(0x51, [UInt8(micros >> 16 & 0xFF), UInt8(micros >> 8 & 0xFF), UInt8(micros & 0xFF)], at: tick)
    }

    mutating func meter(_ numerator: Int, _ denominator: Int, at tick: Int) {
        meta(0x58, [UInt8(numerator), UInt8(denominator.trailingZeroBitCount), 24, 8], at: tick)
    }

    mutating func program(_ program: Int, channel: Int, track: Int) {
        tracks[track].append(Event(tick: 0, bytes: [0xC0 | UInt8(channel), UInt8(program)], order: 0))
    }

    /// A note; with running status the note-off is a note-on of velocity 0.
    mutating func note(_ pitch: Int, at tick: Int, ticks: Int, velocity: Int = 90, channel: Int = 0, track: Int) {
        tracks[track].append(Event(tick: tick, bytes: [0x90 | UInt8(channel), UInt8(pitch), UInt8(velocity)], order: 2))
        let off: [UInt8] = runningStatus ? [0x90 | UInt8(channel), UInt8(pitch), 0] : [0x80 | UInt8(channel), UInt8(pitch), 0]
        tracks[track].append(Event(tick: tick + ticks, bytes: off, order: 1))
    }

    func bytes(format: Int? = nil) -> [UInt8] {
        let format = format ?? (tracks.count == 1 ? 0 : 1)
        var bytes = Array("MThd".utf8) + Self.bigEndian(6, 4) + Self.bigEndian(format, 2)
        bytes += Self.bigEndian(tracks.count, 2) + Self.bigEndian(ticksPerQuarter, 2)
        for track in tracks {
            var body: [UInt8] = []
            var last = 0
            var status: UInt8?
            for event in track.enumerated().sorted(by: {
                ($0.element.tick, $0.element.order, $0.offset) < ($1.element.tick, $1.element.order, $1.offset)
            }).map(\.element) {
                body += Self.variableLength(event.tick - last)
                last = event.tick
                if runningStatus, event.bytes[0] < 0xF0, event.bytes[0] == status {
                    body += event.bytes.dropFirst()
                } else {
                    body += event.bytes
                    status = event.bytes[0] < 0xF0 ? event.bytes[0] : status
                }
            }
            body += [0, 0xFF, 0x2F, 0]
            bytes += Array("MTrk".utf8) + Self.bigEndian(body.count, 4) + body
        }
        return bytes
    }

    static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
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
