import Analysis

/// A multi-track piece of music whose every time is derived from its tempo map.
///
/// Notes are placed in ticks; `tempoMap` turns ticks into seconds from the first video frame, so
/// the MIDI file, the renderer and the report all agree on when a note sounds.
public struct Score: Sendable, Equatable {
    /// Length of the video the score accompanies, in seconds. The rendering is exactly this long.
    public var duration: Double
    public var tempoMap: TempoMap
    /// Beats in a regular bar; the beat is a quarter note. Bars before montage cuts may be
    /// shorter or longer: `bars` lists every bar.
    public var beatsPerBar: Int
    /// Every bar of the piece, in order and without gaps; each cut starts one.
    public var bars: [Bar]
    public var sections: [Section]
    public var tracks: [Track]
    /// Times in seconds of the video's cuts, written to the MIDI file as markers.
    public var cuts: [Double]
    public var style: String

    public init(
        duration: Double, tempoMap: TempoMap, beatsPerBar: Int = 4, bars: [Bar] = [], sections: [Section],
        tracks: [Track], cuts: [Double], style: String
    ) {
        self.duration = duration
        self.tempoMap = tempoMap
        self.beatsPerBar = beatsPerBar
        self.bars = bars
        self.sections = sections
        self.tracks = tracks
        self.cuts = cuts
        self.style = style
    }
}

/// One part of the score that follows one scene (or a run of short scenes).
public struct Section: Sendable, Equatable, Codable {
    /// Start and end in seconds; the start lands on a downbeat.
    public var start: Double
    public var end: Double
    public var startTick: Int
    /// The tick at which the next section starts (or the piece ends).
    public var endTick: Int
    /// Number of bars, irregular ones included.
    public var bars: Int
    /// Average tempo, in quarter notes per minute.
    public var bpm: Double
    /// Key, for example "D minor" or "F lydian".
    public var key: String
    /// MIDI pitch class of the tonic (0 = C).
    public var tonic: Int
    /// Whether the mode has a major third.
    public var isMajor: Bool
    /// Sharps (positive) or flats (negative) of the key signature, as a MIDI key signature event
    /// carries it. Modes share the signature of the major scale with the same notes (D dorian: 0).
    public var keySignature: Int
    public var mood: Mood
    /// How intensely the section plays, 0...1, the style's level (0 bare ... 4 full) and a word
    /// for its part in the piece (intro, calm, groove, build, breakdown, peak, ending, ...).
    public var intensity: Double
    public var level: Int
    public var character: String

    /// `keySignature` defaults to the signature of the major or minor key on `tonic`.
    public init(
        start: Double, end: Double, startTick: Int, endTick: Int, bars: Int, bpm: Double, key: String,
        tonic: Int, isMajor: Bool, mood: Mood, keySignature: Int? = nil, intensity: Double = 0.5, level: Int = 2,
        character: String = "groove"
    ) {
        self.intensity = intensity
        self.level = level
        self.character = character
        self.start = start
        self.end = end
        self.startTick = startTick
        self.endTick = endTick
        self.bars = bars
        self.bpm = bpm
        self.key = key
        self.tonic = tonic
        self.isMajor = isMajor
        self.mood = mood
        self.keySignature = keySignature ?? Key.signature(ofMajorTonic: isMajor ? tonic : tonic + 3)
    }
}

/// One instrument: a General MIDI program on one channel. Channel 9 is the drum kit, where the
/// program picks the kit (0 standard, 25 TR-808, 32 jazz, 48 orchestra; General MIDI 2 numbers).
public struct Track: Sendable, Equatable {
    public var name: String
    /// General MIDI program, 0-127 (ignored on the drum channel).
    public var program: Int
    /// MIDI channel, 0-15; 9 is percussion.
    public var channel: Int
    /// Reverb send, 0-127.
    public var reverb: Int
    /// Channel volume (controller 7, the mixer's fader), 0-127; 100 is General MIDI's default.
    public var volume: Int
    public var notes: [Note]
    /// Controller changes (expression, sustain pedal, modulation) in tick order.
    public var controls: [ControlChange]
    /// The delay that plays the track's `Note.isEcho` notes when it is rendered.
    public var echo: Echo?

    public init(
        name: String, program: Int, channel: Int, reverb: Int = 40, volume: Int = 100, notes: [Note] = [],
        controls: [ControlChange] = []
    ) {
        self.name = name
        self.program = program
        self.channel = channel
        self.reverb = reverb
        self.volume = volume
        self.notes = notes
        self.controls = controls
    }

    public var isDrums: Bool { channel == 9 }
}

/// A MIDI controller change placed in ticks: how a line breathes between its notes.
public struct ControlChange: Sendable, Equatable, Hashable {
    /// Expression (the part's loudness inside its dynamic: swells, crescendos).
    public static let expression = 11
    /// Modulation (vibrato on strings and leads).
    public static let modulation = 1
    /// The sustain pedal: 127 down, 0 up.
    public static let sustain = 64

    public var tick: Int
    public var controller: Int
    public var value: Int

    public init(tick: Int, controller: Int, value: Int) {
        self.tick = tick
        self.controller = controller
        self.value = value
    }
}

/// A note placed in ticks of the score's tempo map.
public struct Note: Sendable, Equatable, Hashable {
    public var startTick: Int
    public var durationTicks: Int
    public var pitch: Int
    public var velocity: Int
    /// A delay's repeat of an earlier note (`Echo`): written to the MIDI file as a note, and
    /// left to the track's delay when the score is rendered.
    public var isEcho = false

    public init(startTick: Int, durationTicks: Int, pitch: Int, velocity: Int) {
        self.startTick = startTick
        self.durationTicks = durationTicks
        self.pitch = pitch
        self.velocity = velocity
    }

    public var endTick: Int { startTick + durationTicks }
}
