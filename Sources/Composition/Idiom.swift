/// The building blocks of a style's arrangement: which parts it has, what each plays at each
/// level of intensity, and the playing habits that make it sound like itself.
///
/// A style is written as data, the way an arranger would jot it down: for each of five levels
/// (from bare to full) a list of layers, each a part playing one-bar patterns (see `Pattern`).
/// The arrangement picks the level from the section's intensity and plays its layers over the
/// section's chords.

/// The parts a score may have. Each gets its own track and MIDI channel.
enum PartName: String, Sendable, CaseIterable {
    case melody, keys, bass, pad, arp, strum, perc, fx, drums

    var channel: Int {
        switch self {
        case .melody: 0
        case .keys: 1
        case .bass: 2
        case .pad: 3
        case .arp: 4
        case .strum: 5
        case .perc: 6
        case .fx: 7
        case .drums: 9
        }
    }
}

/// How a style sounds one part: its General MIDI program and register.
struct Instrument: Sendable {
    let part: PartName
    /// The track's name in the MIDI file ("Electric piano", "Strings", ...).
    let name: String
    let program: Int
    /// Where the lowest note of a chord voicing may lie; for a bass, the range of its notes; for
    /// the melody, the highest it may climb (see `MelodyWriter.range(around:in:within:)`).
    let register: ClosedRange<Int>
    /// Notes in a chord voicing: 3 or 4 in close position; with `spread`, root, fifth, octave,
    /// tenth and so on upwards (a pianist's left hand, a guitar's open chord).
    var spread = false
    /// Ninth chords voiced without their root, which the bass plays: third, fifth, seventh and
    /// ninth, as a jazz keyboard player voices them (five notes in close position put the root a
    /// semitone over a major seventh or a tone over a minor one, low down where seconds are mud).
    var rootless = false
    /// The share of the time to the next note that a note sounds: 1 legato, 0.4 staccato.
    var articulation = 0.9
    /// Velocity relative to the section's base.
    var velocity = 0
    /// Added to the style's reverb send.
    var reverb = 0
}

/// A drum of the General MIDI kit (channel 10), by its key number.
enum DrumSound: Int, Sendable {
    case bassDrum = 35
    case kick = 36
    case sideStick = 37
    case snare = 38
    case clap = 39
    case lowTom = 41
    case closedHat = 42
    case midTom = 45
    case pedalHat = 44
    case openHat = 46
    case crash = 49
    case ride = 51
    case tambourine = 54
    case cabasa = 69
    case maracas = 70
}

/// What a layer's pattern plays.
enum Lane: Sendable, Equatable {
    /// One drum of the kit.
    case drum(DrumSound)
    /// A bass line: R root, 5 fifth, 8 octave, 3 third, 7 seventh, A approach to the next root.
    case bass
    /// Chord tones picked one at a time: digit n is the nth note of the voicing from the bottom
    /// (continuing an octave up past the top).
    case tones
    /// The whole chord: C struck, c soft, D strummed down, U strummed up, T top voices only.
    case chord
}

/// One part playing one lane at one level.
struct Layer: Sendable {
    let part: PartName
    let lane: Lane
    /// Patterns played bar after bar through each four-bar phrase: one pattern repeats; two
    /// alternate; four give each bar of the phrase its own (the last usually a fill or a turn).
    let bars: [Pattern]
    var velocity = 0

    init(_ part: PartName, _ lane: Lane, _ bars: Pattern..., velocity: Int = 0) {
        self.part = part
        self.lane = lane
        self.bars = bars
        self.velocity = velocity
    }

    /// The pattern for bar `bar` of a phrase.
    func pattern(forBar bar: Int) -> Pattern {
        bars[bar % bars.count]
    }
}

/// Everything a style plays at one intensity.
struct Level: Sendable {
    let layers: [Layer]
    /// Melody notes per 4/4 bar; 0 leaves the melody out.
    let melodyNotesPerBar: Double
    /// Chords per 4/4 bar: 0.5 (a chord every two bars), 1 or 2.
    let chordsPerBar: Double
}

/// How a style leads into a more intense section during the bar before it.
enum Build: Sendable {
    /// A snare roll getting denser and louder, and a noise riser (electronic, pop).
    case snareRoll
    /// A timpani roll and a suspended cymbal swelling (orchestral).
    case orchestral
    /// The drums drop out for the last two beats and a fill of toms lands on the downbeat (lo-fi).
    case dropOut
    /// The last beats strummed harder, a tambourine shaken (folk).
    case strum
    /// Only the expression rises (solo piano, ambient pads).
    case swell
}

/// Which chords a style likes.
enum ChordVocabulary: Sendable {
    /// Triads, sevenths with tension.
    case triads
    /// Triads with added ninths and sevenths now and then (piano ballads).
    case ballad
    /// Sevenths everywhere, ninths often (jazz, lo-fi).
    case sevenths
    /// Added ninths and suspended seconds (ambient, airy pop).
    case open
    /// Triads with suspensions and added ninths now and then (film music).
    case suspended
}
