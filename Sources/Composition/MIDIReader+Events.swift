/// What the reader collects from the tracks: the conductor's events and each part's notes,
/// paired note-on with note-off, with the limits checked as they grow.
struct TrackEvents {
    private var tempos: [(tick: Int, microseconds: Int)] = []
    private var meters: [MeterChange] = []
    private var keys: [KeySignature] = []
    private var parts: [SongPart] = []
    /// Parts of the current track by channel, and its name.
    private var trackParts: [Int: SongPart] = [:]
    private var trackName = ""
    private var track = 0
    /// Notes sounding, by channel and pitch: (start tick, velocity), oldest first.
    private var sounding: [Int: [(tick: Int, velocity: Int)]] = [:]
    private var programs: [Int: Int] = [:]
    private var noteCount = 0
    private var lastTick = 0

    mutating func startTrack(_ index: Int) {
        track = index
        trackParts = [:]
        trackName = ""
        sounding = [:]
    }

    mutating func meta(type: UInt8, data: [UInt8], tick: Int) throws(SongError) {
        switch type {
        case 0x03 where trackName.isEmpty:
            trackName = String(decoding: data.prefix(64), as: UTF8.self)
        case 0x51:
            guard data.count == 3 else { throw .malformed("a tempo event of \(data.count) bytes") }
            let micros = data.reduce(0) { $0 << 8 | Int($1) }
            guard micros > 0 else { throw .malformed("a tempo of 0 microseconds per quarter note") }
            tempos.append((tick, micros))
        case 0x58:
            guard data.count >= 2, data[0] > 0, data[1] < 7 else { throw .malformed("a time signature event") }
            meters.append(MeterChange(tick: tick, numerator: Int(data[0]), denominator: 1 << Int(data[1])))
        case 0x59:
            guard data.count == 2 else { throw .malformed("a key signature event of \(data.count) bytes") }
            keys.append(KeySignature(tick: tick, sharps: Int(Int8(bitPattern: data[0])), isMinor: data[1] == 1))
        default:
            break
        }
    }

    mutating func channel(kind: UInt8, channel: Int, _ first: UInt8, _ second: UInt8, tick: Int) throws(SongError) {
        lastTick = max(lastTick, tick)
        let key = channel << 7 | Int(first & 0x7F)
        switch kind {
        case 0x90 where second > 0:
            // Counted when struck, so that notes never released cannot pile up past the limit.
            noteCount += 1
            guard noteCount <= MIDIReader.maximumNotes else {
                throw .tooLarge("more than \(MIDIReader.maximumNotes) notes")
            }
            sounding[key, default: []].append((tick, Int(second)))
        case 0x80, 0x90:
            guard var started = sounding[key], !started.isEmpty else { return }
            let start = started.removeFirst()
            sounding[key] = started
            add(channel: channel, pitch: Int(first), from: start.tick, to: tick, velocity: start.velocity)
        case 0xC0:
            if trackParts[channel] == nil { programs[channel] = Int(first & 0x7F) }
        default:
            break
        }
    }

    private mutating func add(channel: Int, pitch: Int, from start: Int, to end: Int, velocity: Int) {
        if trackParts[channel] == nil {
            trackParts[channel] = SongPart(name: "", track: track, channel: channel, program: programs[channel] ?? 0, notes: [])
        }
        trackParts[channel]!.notes.append(
            Note(startTick: start, durationTicks: max(1, end - start), pitch: pitch, velocity: velocity))
    }

    /// Closes notes still sounding at the track's end, and names its parts.
    mutating func endTrack(at tick: Int) {
        let end = max(tick, lastTick)
        for (key, started) in sounding {
            for start in started {
                add(channel: key >> 7, pitch: key & 0x7F, from: start.tick, to: end, velocity: start.velocity)
            }
        }
        sounding = [:]
        let channels = trackParts.keys.sorted()
        for channel in channels {
            var part = trackParts[channel]!
            part.name = channels.count > 1 && !trackName.isEmpty ? "\(trackName) (channel \(channel + 1))" : trackName
            part.notes.sort { ($0.startTick, $0.pitch) < ($1.startTick, $1.pitch) }
            parts.append(part)
        }
    }

    func song(format: Int, sourceTicksPerQuarter: Int) throws(SongError) -> Song {
        guard parts.contains(where: { !$0.isDrums && !$0.notes.isEmpty }) else { throw .noNotes }
        var changes = tempos.sorted { $0.tick < $1.tick }.map {
            TempoMap.Change(tick: $0.tick, bpm: 60_000_000 / Double($0.microseconds))
        }
        // One tempo per tick (the last one stated wins), and 120 bpm until the first.
        changes = changes.enumerated().filter { index, change in
            index + 1 == changes.count || changes[index + 1].tick != change.tick
        }.map(\.element)
        if changes.first?.tick != 0 { changes.insert(TempoMap.Change(tick: 0, bpm: 120), at: 0) }
        let tempoMap = TempoMap(ticksPerQuarter: Song.ticksPerQuarter, changes: changes)
        let song = Song(
            format: format, sourceTicksPerQuarter: sourceTicksPerQuarter, tempoMap: tempoMap,
            meters: Self.meters(meters), keySignatures: keys.sorted { $0.tick < $1.tick }, parts: parts)
        let seconds = tempoMap.seconds(atTick: song.endTick)
        guard seconds <= MIDIReader.maximumSeconds else {
            throw .tooLarge("\(Int(seconds / 60)) minutes long, at most \(Int(MIDIReader.maximumSeconds / 3600)) hours")
        }
        return song
    }

    /// Sorted, one per tick, 4/4 at tick 0 when the file says nothing there.
    private static func meters(_ meters: [MeterChange]) -> [MeterChange] {
        var result: [MeterChange] = []
        for meter in meters.sorted(by: { $0.tick < $1.tick }) {
            if result.last?.tick == meter.tick { result.removeLast() }
            result.append(meter)
        }
        if result.first?.tick != 0 { result.insert(MeterChange(tick: 0, numerator: 4, denominator: 4), at: 0) }
        return result
    }
}
