/// A small, strict Standard MIDI File reader, written independently of the writer so that the
/// tests check the bytes, not the writer against itself.
struct SMFReader {
    struct Event: Equatable {
        var tick: Int
        /// Status byte: 0x80...0xEF for channel messages, 0xFF for meta events.
        var status: UInt8
        /// Meta event type, for meta events.
        var metaType: UInt8?
        var data: [UInt8]

        var channel: Int { Int(status & 0x0F) }
        var kind: UInt8 { status & 0xF0 }
        var isNoteOn: Bool { kind == 0x90 && data[1] > 0 }
        var isNoteOff: Bool { kind == 0x80 || (kind == 0x90 && data[1] == 0) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let format: Int
    let division: Int
    let tracks: [[Event]]

    init(_ bytes: [UInt8]) throws {
        var position = 0
        func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard position + count <= bytes.count else { throw Failure(description: "truncated at byte \(position)") }
            defer { position += count }
            return bytes[position..<position + count]
        }
        func number(_ count: Int) throws -> Int {
            try take(count).reduce(0) { $0 << 8 | Int($1) }
        }
        func variableLength() throws -> Int {
            var value = 0
            for _ in 0..<4 {
                let byte = try take(1).first!
                value = value << 7 | Int(byte & 0x7F)
                if byte & 0x80 == 0 { return value }
            }
            throw Failure(description: "variable-length number longer than 4 bytes at \(position)")
        }

        guard Array(try take(4)) == Array("MThd".utf8), try number(4) == 6 else {
            throw Failure(description: "no MThd header of length 6")
        }
        format = try number(2)
        let trackCount = try number(2)
        division = try number(2)
        var tracks: [[Event]] = []
        for index in 0..<trackCount {
            guard Array(try take(4)) == Array("MTrk".utf8) else {
                throw Failure(description: "track \(index): no MTrk")
            }
            let end = try number(4) + position
            var events: [Event] = []
            var tick = 0
            var runningStatus: UInt8?
            while position < end {
                tick += try variableLength()
                var status = bytes[position]
                if status >= 0x80 {
                    position += 1
                } else {
                    guard let running = runningStatus else { throw Failure(description: "data byte without status") }
                    status = running
                }
                switch status {
                case 0xFF:
                    let type = try take(1).first!
                    let data = Array(try take(try variableLength()))
                    events.append(Event(tick: tick, status: status, metaType: type, data: data))
                case 0xF0, 0xF7:
                    events.append(Event(tick: tick, status: status, data: Array(try take(try variableLength()))))
                default:
                    runningStatus = status
                    let count = (status & 0xF0 == 0xC0 || status & 0xF0 == 0xD0) ? 1 : 2
                    events.append(Event(tick: tick, status: status, data: Array(try take(count))))
                }
            }
            guard position == end else { throw Failure(description: "track \(index) overruns its length") }
            guard let last = events.last, last.metaType == 0x2F else {
                throw Failure(description: "track \(index) does not end with end-of-track")
            }
            tracks.append(events)
        }
        guard position == bytes.count else {
            throw Failure(description: "\(bytes.count - position) bytes after the last track")
        }
        self.tracks = tracks
    }

    /// Seconds at `tick` along the tempo events of track 0, as a MIDI player computes it.
    func seconds(atTick tick: Int) -> Double {
        var seconds = 0.0
        var lastTick = 0
        var microsPerQuarter = 500_000
        for event in tracks[0] where event.metaType == 0x51 && event.tick <= tick {
            seconds += Double(event.tick - lastTick) * Double(microsPerQuarter) / 1e6 / Double(division)
            lastTick = event.tick
            microsPerQuarter = event.data.reduce(0) { $0 << 8 | Int($1) }
        }
        return seconds + Double(tick - lastTick) * Double(microsPerQuarter) / 1e6 / Double(division)
    }
}
