import Analysis

/// A way of arranging the same composition: its instruments, its idiom at five levels of
/// intensity, its chords, swing and builds. Harmony and melody come from the mood and the seed;
/// the style decides who plays them and how.
///
/// Each style lives in its own file (`Style+Electronic.swift`, ...), written as patterns an
/// arranger would recognise; a new style is one more file and one more entry in `all`.
struct Style: Sendable {
    let name: String
    let summary: String
    /// The instruments, one per part the style uses (the melody's first).
    let instruments: [Instrument]
    /// The drum kit's program (0 standard, 24 electronic, 25 TR-808, 32 jazz, 48 orchestra), or
    /// nil for a style without drums.
    let kit: Int?
    /// From bare (0) to full (4).
    let levels: [Level]
    let vocabulary: ChordVocabulary
    let build: Build
    /// The melody's centre pitch for a neutral mood (valence and arousal move it a little).
    let melodyCentre: Int
    /// The delay on the melody (ambient's bells), if it has one.
    var echo: Echo? = nil
    /// How late the off-beat eighths come, as a share of a sixteenth: 0 straight, about 0.6 a
    /// lazy swing.
    var swing = 0.0
    /// Parts that play behind the beat, and by how many ticks (of 480 a quarter).
    var laidBack: [PartName: Int] = [:]
    /// Each part's fader (channel volume, 0-127) where it is not General MIDI's 100: how loud a
    /// part sits in the mix, apart from how hard it is played.
    var volumes: [PartName: Int] = [:]
    /// Whether the keys and melody use the sustain pedal, changed with each chord.
    var pedal = false
    /// Parts whose expression swells over each chord.
    var swells: Set<PartName> = []
    /// Whether the melody and the pad sing with vibrato (modulation) that grows with intensity.
    var vibrato = false
    /// Scales the tempo the moods ask for: lo-fi and ambient sit back, electronic pushes on.
    let tempoScale: Double
    /// Added to the reverb send the mood asks for.
    let reverbOffset: Int

    var melody: Instrument { instrument(for: .melody)! }

    func instrument(for part: PartName) -> Instrument? {
        instruments.first { $0.part == part }
    }

    static func levelIndex(forIntensity intensity: Double, count: Int = 5) -> Int {
        Int((intensity.clamped(to: 0...1) * Double(count) * 0.9999).rounded(.down))
    }

    static let all: [Style] = [.ambient, .piano, .cinematic, .electronic, .lofi, .folk]

    /// The style called `name` (case does not matter), or nil.
    static func named(_ name: String) -> Style? {
        let wanted = name.lowercased()
        return all.first { $0.name == wanted }
    }

    /// The style "auto" picks for the mood of the whole video.
    static func automatic(for mood: Mood) -> Style {
        let name: String
        if mood.arousal > 0.35 {
            name = mood.valence >= 0 ? "electronic" : "cinematic"
        } else if mood.tension > 0.6 {
            name = "cinematic"
        } else if mood.arousal < -0.35 {
            name = mood.valence >= 0 ? "ambient" : "piano"
        } else if mood.valence > 0.25 {
            name = "folk"
        } else if mood.valence < -0.25 {
            name = "piano"
        } else {
            name = "lofi"
        }
        return named(name) ?? all[0]
    }
}
