/// A song read from a Standard MIDI File: its parts' notes and its conductor's events (tempo,
/// meter, key signatures), every time in ticks at `Song.ticksPerQuarter` whatever the file's own
/// resolution, so that the song and the score re-arranged from it share one tick.
public struct Song: Sendable, Equatable {
    /// The score's resolution; a file's own ticks are scaled to it (exactly when its resolution
    /// divides 480 or 960).
    public static let ticksPerQuarter = Composer.ticksPerQuarter

    /// The file's format (0: one track, 1: parallel tracks) and its own ticks per quarter note.
    public var format: Int
    public var sourceTicksPerQuarter: Int
    /// Sorted by tick; the first at tick 0 (120 bpm when the file sets none there).
    public var tempoMap: TempoMap
    /// Sorted by tick; the first at tick 0 (4/4 when the file sets none there).
    public var meters: [MeterChange]
    /// Key signature events, as the file states them (they may be missing or wrong).
    public var keySignatures: [KeySignature]
    /// One part per track and channel that plays notes, in file order.
    public var parts: [SongPart]

    public init(
        format: Int, sourceTicksPerQuarter: Int, tempoMap: TempoMap, meters: [MeterChange],
        keySignatures: [KeySignature], parts: [SongPart]
    ) {
        self.format = format
        self.sourceTicksPerQuarter = sourceTicksPerQuarter
        self.tempoMap = tempoMap
        self.meters = meters
        self.keySignatures = keySignatures
        self.parts = parts
    }

    /// The tick at which the last note ends.
    public var endTick: Int { parts.flatMap(\.notes).map(\.endTick).max() ?? 0 }
}

/// A time signature from `tick` on.
public struct MeterChange: Sendable, Equatable, Codable {
    public var tick: Int
    public var numerator: Int
    public var denominator: Int

    public init(tick: Int, numerator: Int, denominator: Int) {
        self.tick = tick
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Ticks in one bar of this meter.
    public var barTicks: Int { numerator * Song.ticksPerQuarter * 4 / denominator }
}

/// A key signature event: sharps (+) or flats (-), and whether it says minor.
public struct KeySignature: Sendable, Equatable, Codable {
    public var tick: Int
    public var sharps: Int
    public var isMinor: Bool

    public init(tick: Int, sharps: Int, isMinor: Bool) {
        self.tick = tick
        self.sharps = sharps
        self.isMinor = isMinor
    }
}

/// The notes one track plays on one channel.
public struct SongPart: Sendable, Equatable {
    /// The track's name (meta event 3), or "" when it has none.
    public var name: String
    /// The track chunk (0-based) and the channel (0-15; 9 is percussion).
    public var track: Int
    public var channel: Int
    /// The first program change, General MIDI 0-127 (0 when none).
    public var program: Int
    /// Sorted by start tick, then pitch.
    public var notes: [Note]

    public init(name: String, track: Int, channel: Int, program: Int, notes: [Note]) {
        self.name = name
        self.track = track
        self.channel = channel
        self.program = program
        self.notes = notes
    }

    public var isDrums: Bool { channel == 9 }
}
