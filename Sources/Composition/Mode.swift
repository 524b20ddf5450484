import Analysis

/// A diatonic mode: the seven notes of a major scale, heard from a different home note.
///
/// All sections of a score use modes of one shared set of seven notes (the score's key
/// signature), so moving from C major to A minor or F lydian changes the colour, never the notes,
/// and the whole piece stays in one scale.
enum Mode: Int, CaseIterable, Sendable {
    case ionian = 0
    case dorian
    case phrygian
    case lydian
    case mixolydian
    case aeolian

    /// Step of the shared major scale on which this mode's tonic sits (ionian 0 ... aeolian 5).
    var stepInMajorScale: Int { rawValue }

    /// Semitones of each scale degree above the tonic.
    var intervals: [Int] {
        let major = Self.majorIntervals
        let shift = stepInMajorScale
        return (0..<7).map { degree in
            (major[(degree + shift) % 7] - major[shift] + 12) % 12
        }
    }

    /// Whether the third above the tonic is major, which is what "major" means to a listener.
    var isMajor: Bool { intervals[2] == 4 }

    /// Name used in key names: "major" and "minor" for ionian and aeolian.
    var name: String {
        switch self {
        case .ionian: "major"
        case .dorian: "dorian"
        case .phrygian: "phrygian"
        case .lydian: "lydian"
        case .mixolydian: "mixolydian"
        case .aeolian: "minor"
        }
    }

    static let majorIntervals = [0, 2, 4, 5, 7, 9, 11]

    /// The mode for a mood, brightest for the happiest: lydian, major, mixolydian for valence at
    /// or above 0; dorian, minor, and phrygian (only when dark and agitated) below.
    static func forMood(_ mood: Mood) -> Mode {
        let valence = mood.valence
        switch valence {
        case 0.55...: return mood.tension < 0.5 ? .lydian : .ionian
        case 0.12..<0.55: return .ionian
        case 0..<0.12: return .mixolydian
        case -0.2..<0: return .dorian
        default: return valence < -0.5 && mood.arousal > 0.4 ? .phrygian : .aeolian
        }
    }

    /// Chord progressions that sound idiomatic in this mode, as scale degrees (0 = tonic), one per
    /// harmonic slot. Degrees whose triad is diminished are left out.
    var progressions: [[Int]] {
        switch self {
        case .ionian:
            [[0, 5, 3, 4], [0, 3, 4, 0], [0, 4, 5, 3], [0, 3, 0, 4], [5, 3, 0, 4], [0, 2, 3, 4], [0, 5, 1, 4]]
        case .lydian:
            // The raised fourth's colour is the major II; I-II-I-II alone left a bright driven
            // clip on two chords for a minute, so the vi, iii and V take turns with it.
            [[0, 1, 6, 0], [0, 1, 4, 0], [0, 6, 1, 0], [0, 2, 1, 0], [0, 5, 1, 4], [0, 2, 5, 1]]
        case .mixolydian:
            [[0, 6, 3, 0], [0, 6, 0, 3], [0, 3, 6, 0], [0, 4, 6, 3], [0, 1, 6, 0]]
        case .dorian:
            [[0, 3, 0, 3], [0, 6, 3, 0], [0, 2, 3, 0], [0, 1, 6, 0], [0, 3, 6, 4]]
        case .aeolian:
            [[0, 5, 2, 6], [0, 3, 6, 2], [0, 6, 5, 6], [0, 3, 5, 6], [0, 5, 3, 4], [0, 2, 3, 4]]
        case .phrygian:
            [[0, 1, 0, 6], [0, 1, 2, 1], [0, 5, 1, 0], [0, 3, 1, 0]]
        }
    }

    /// The chord that leads home most convincingly in this mode, used before the final tonic.
    /// In minor it is V, made major by the leading tone (see `hasLeadingToneDominant`); in
    /// lydian too V, major there already, after its bright II (a II-I close, a whole step down,
    /// was heard as a step back rather than an arrival).
    var cadenceDegree: Int {
        switch self {
        case .ionian: 4
        case .lydian: 4
        case .mixolydian: 6
        case .dorian: 3
        case .aeolian: 4
        case .phrygian: 1
        }
    }

    /// Whether the chord on the fifth degree is played major, with the raised seventh degree (the
    /// leading tone) as its third, as in harmonic minor.
    var hasLeadingToneDominant: Bool { self == .aeolian || self == .dorian }
}
