/// What a song is made of, found from its notes: the bars of its meter, its key, a chord per
/// bar (or half bar), its melody and its sections. A re-styled score keeps all of it.
public struct SongAnalysis: Sendable {
    public var song: Song
    /// Every bar, from tick 0 to the end of the last note, following the meter changes.
    public var bars: [Bar]
    public var key: FoundKey
    /// Covering every bar without gaps, in order.
    public var chords: [FoundChord]
    /// The part the melody comes from (an index into `song.parts`), and its notes: the whole
    /// part when it is a single line, else its top line.
    public var melodyPart: Int?
    public var melody: [Note]
    public var sections: [SongSection]
    /// Drum hits per bar, read as a hint of how busy each bar is (never copied).
    public var drumHits: [Int]

    public init(
        song: Song, bars: [Bar], key: FoundKey, chords: [FoundChord], melodyPart: Int?, melody: [Note],
        sections: [SongSection], drumHits: [Int]
    ) {
        self.song = song
        self.bars = bars
        self.key = key
        self.chords = chords
        self.melodyPart = melodyPart
        self.melody = melody
        self.sections = sections
        self.drumHits = drumHits
    }

    /// The chord sounding at `tick`.
    public func chord(atTick tick: Int) -> FoundChord? {
        chords.last { $0.startTick <= tick } ?? chords.first
    }
}

/// A key found from the notes: a tonic (pitch class, 0 = C), major or minor, and how clearly.
public struct FoundKey: Sendable, Equatable {
    public var tonic: Int
    public var isMajor: Bool
    /// Correlation of the song's pitch classes with the key's profile, -1...1.
    public var confidence: Double

    public init(tonic: Int, isMajor: Bool, confidence: Double) {
        self.tonic = tonic
        self.isMajor = isMajor
        self.confidence = confidence
    }

    public var name: String { "\(noteNames[tonic]) \(isMajor ? "major" : "minor")" }

    /// The twelve note names as this key spells them: flats in a flat key (Bb, Eb), else sharps.
    var noteNames: [String] { FoundChord.noteNames(flats: Key.signature(ofMajorTonic: majorTonic) < 0) }

    /// The tonic of the major key with the same signature.
    var majorTonic: Int { isMajor ? tonic : (tonic + 3) % 12 }

    /// The key as the composer writes in it: major (ionian) or minor (aeolian) on `tonic`.
    var key: Key {
        Key(mode: isMajor ? .ionian : .aeolian, signature: Key.signature(ofMajorTonic: majorTonic))
    }
}

/// A chord found in the notes of a bar (or half a bar).
public struct FoundChord: Sendable, Equatable {
    public var startTick: Int
    public var endTick: Int
    /// Pitch class of the root, 0 = C.
    public var root: Int
    public var quality: ChordQuality
    /// How well the notes fit the chord, 0...1 (the cosine between the bar's pitch classes and
    /// the chord's); 0 where the bar is silent and the chord before is held.
    public var confidence: Double

    public init(startTick: Int, endTick: Int, root: Int, quality: ChordQuality, confidence: Double) {
        self.startTick = startTick
        self.endTick = endTick
        self.root = root
        self.quality = quality
        self.confidence = confidence
    }

    /// "Bb", "Gm7", "F#dim": the root spelled as `key` spells it (Bb in F major, A# in B major).
    public func name(in key: FoundKey) -> String { key.noteNames[root] + quality.suffix }

    /// Whether two chords are the same major, minor or diminished triad (sevenths counted as
    /// their triads), the vocabulary chord-recognition papers compare.
    public func agrees(with other: FoundChord) -> Bool {
        root == other.root && quality.triad == other.quality.triad
    }

    static func noteNames(flats: Bool) -> [String] {
        flats
            ? ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
            : ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    }
}

/// The chords the finder tells apart.
public enum ChordQuality: String, Sendable, CaseIterable, Codable {
    case major, minor, diminished, dominantSeventh, majorSeventh, minorSeventh

    /// Semitones above the root.
    public var intervals: [Int] {
        switch self {
        case .major: [0, 4, 7]
        case .minor: [0, 3, 7]
        case .diminished: [0, 3, 6]
        case .dominantSeventh: [0, 4, 7, 10]
        case .majorSeventh: [0, 4, 7, 11]
        case .minorSeventh: [0, 3, 7, 10]
        }
    }

    var suffix: String {
        switch self {
        case .major: ""
        case .minor: "m"
        case .diminished: "dim"
        case .dominantSeventh: "7"
        case .majorSeventh: "maj7"
        case .minorSeventh: "m7"
        }
    }

    /// The triad under a seventh chord.
    public var triad: ChordQuality {
        switch self {
        case .dominantSeventh, .majorSeventh: .major
        case .minorSeventh: .minor
        default: self
        }
    }
}

/// A passage of the song: a run of bars, lettered so that passages that repeat share a letter.
public struct SongSection: Sendable, Equatable {
    /// Index of the first bar and number of bars.
    public var firstBar: Int
    public var barCount: Int
    /// "A", "B", ...: the same letter for a passage that repeats an earlier one.
    public var label: String
    /// How busy and loud the passage plays, 0...1, relative to the rest of the song.
    public var intensity: Double

    public init(firstBar: Int, barCount: Int, label: String, intensity: Double) {
        self.firstBar = firstBar
        self.barCount = barCount
        self.label = label
        self.intensity = intensity
    }
}
