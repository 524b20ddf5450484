/// Reads a Standard MIDI File (format 0 or 1, any resolution, SMPTE time included, running
/// status) into a `Song`, strictly but within bounds: a file larger than `maximumBytes`, with
/// more than `maximumNotes` notes or `maximumTracks` tracks, or longer than `maximumSeconds`
/// is refused as soon as that is seen, so a hostile file costs no more memory than the limits.
public enum MIDIReader {
    public static let maximumBytes = 16 << 20
    public static let maximumNotes = 200_000
    public static let maximumTracks = 512
    /// Three hours, like the longest music made from words.
    public static let maximumSeconds = 3.0 * 3600

    public static func song(from bytes: [UInt8]) throws(SongError) -> Song {
        guard bytes.count <= maximumBytes else { throw .tooLarge("\(bytes.count) bytes, at most \(maximumBytes)") }
        var cursor = ByteCursor(bytes: bytes)
        guard bytes.count >= 4, Array(bytes[0..<4]) == Array("MThd".utf8) else { throw .notMIDI }
        cursor.position = 4
        let headerLength = try cursor.number(4)
        guard headerLength >= 6 else { throw .malformed("a header of \(headerLength) bytes") }
        let format = try cursor.number(2)
        let trackCount = try cursor.number(2)
        let division = try cursor.number(2)
        try cursor.skip(headerLength - 6)
        guard format <= 2 else { throw .malformed("format \(format)") }
        guard trackCount <= maximumTracks else { throw .tooLarge("\(trackCount) tracks, at most \(maximumTracks)") }
        let scale = try TickScale(division: division)

        var events = TrackEvents()
        var trackIndex = 0
        while trackIndex < trackCount && !cursor.isAtEnd {
            let type = try cursor.take(4)
            let length = try cursor.number(4)
            guard cursor.position + length <= bytes.count else { throw .truncated(byte: bytes.count) }
            guard Array(type) == Array("MTrk".utf8) else {
                try cursor.skip(length)
                continue
            }
            var track = ByteCursor(bytes: bytes, position: cursor.position, end: cursor.position + length)
            try read(&track, index: trackIndex, scale: scale, into: &events)
            cursor.position += length
            trackIndex += 1
        }
        guard trackIndex == trackCount else { throw .truncated(byte: bytes.count) }
        return try events.song(format: format, sourceTicksPerQuarter: scale.sourceTicksPerQuarter)
    }

    /// One track chunk's events into `events`.
    private static func read(
        _ track: inout ByteCursor, index: Int, scale: TickScale, into events: inout TrackEvents
    ) throws(SongError) {
        var tick = 0
        var status: UInt8?
        events.startTrack(index)
        while !track.isAtEnd {
            tick += try track.variableLength()
            let scaled = scale.ticks(tick)
            var first = try track.byte()
            if first >= 0x80 {
                if first == 0xFF {
                    let type = try track.byte()
                    let data = try track.take(try track.variableLength())
                    if type == 0x2F { break }
                    try events.meta(type: type, data: Array(data), tick: scaled)
                    continue
                }
                if first == 0xF0 || first == 0xF7 {
                    try track.skip(try track.variableLength())
                    continue
                }
                guard first < 0xF0 else { throw .malformed("status byte \(first) at byte \(track.position - 1)") }
                status = first
                first = try track.byte()
            }
            guard let status else { throw .malformed("running status with no status before, at byte \(track.position - 1)") }
            let kind = status & 0xF0
            let second: UInt8 = kind == 0xC0 || kind == 0xD0 ? 0 : try track.byte()
            try events.channel(kind: kind, channel: Int(status & 0x0F), first, second, tick: scaled)
        }
        events.endTrack(at: scale.ticks(tick))
    }
}

/// The file's ticks (or SMPTE subframes, taken at 120 bpm) in the score's ticks.
private struct TickScale {
    let sourceTicksPerQuarter: Int

    init(division: Int) throws(SongError) {
        if division & 0x8000 != 0 {
            // SMPTE: frames per second (as a negative byte) times ticks per frame; 120 bpm makes
            // half a second a quarter note.
            let frames = 256 - (division >> 8)
            let perFrame = division & 0xFF
            guard frames > 0, perFrame > 0 else { throw .malformed("SMPTE division \(division)") }
            sourceTicksPerQuarter = frames * perFrame / 2
        } else {
            sourceTicksPerQuarter = division
        }
        guard sourceTicksPerQuarter > 0 else { throw .malformed("a resolution of 0 ticks per quarter note") }
    }

    func ticks(_ source: Int) -> Int {
        (source * Song.ticksPerQuarter + sourceTicksPerQuarter / 2) / sourceTicksPerQuarter
    }
}

/// Bytes read forwards, every read checked against the end.
private struct ByteCursor {
    let bytes: [UInt8]
    var position = 0
    var end: Int

    init(bytes: [UInt8], position: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    mutating func byte() throws(SongError) -> UInt8 {
        guard position < end else { throw .truncated(byte: position) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func take(_ count: Int) throws(SongError) -> ArraySlice<UInt8> {
        guard count >= 0, position + count <= end else { throw .truncated(byte: min(end, bytes.count)) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func skip(_ count: Int) throws(SongError) {
        _ = try take(count)
    }

    mutating func number(_ count: Int) throws(SongError) -> Int {
        try take(count).reduce(0) { $0 << 8 | Int($1) }
    }

    /// A variable-length quantity: at most four bytes, seven bits each.
    mutating func variableLength() throws(SongError) -> Int {
        var value = 0
        for _ in 0..<4 {
            let byte = try byte()
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        throw .malformed("a variable-length number longer than four bytes at byte \(position)")
    }
}
