import Analysis

/// A way of arranging the same composition: the instruments and a few playing habits.
///
/// A style does not change harmony or melody, only who plays them and how busily, so a new style
/// is one more entry in `all`.
struct Style: Sendable {
    /// How the chord instrument plays.
    enum Accompaniment: Sendable {
        /// Chords held for their whole length.
        case sustained
        /// Chord tones one after another (picked guitar, piano, synth arpeggiator, string ostinato).
        case arpeggio
        /// Short rhythmic chords, repeated every bar.
        case comping
    }

    let name: String
    let summary: String
    /// General MIDI programs, 0-127.
    let melodyProgram: Int
    let chordProgram: Int
    let bassProgram: Int
    /// Accompaniment when the mood is calm (arousal at most 0.3) and when it is excited.
    let calmAccompaniment: Accompaniment
    let excitedAccompaniment: Accompaniment
    /// 0 never uses drums, 1 uses them as fully as the mood allows.
    let drumLevel: Double
    /// Scales the melody's notes per second.
    let melodyDensity: Double
    /// Added to the reverb send the mood asks for.
    let reverbOffset: Int
    /// Scales the tempo the moods ask for: lo-fi and ambient sit back, electronic pushes on.
    let tempoScale: Double

    func accompaniment(forArousal arousal: Double) -> Accompaniment {
        arousal > 0.3 ? excitedAccompaniment : calmAccompaniment
    }

    static let all: [Style] = [
        Style(
            name: "ambient", summary: "pan flute over warm pads, slow and airy, light percussion at most",
            melodyProgram: 75, chordProgram: 89, bassProgram: 32, calmAccompaniment: .sustained,
            excitedAccompaniment: .arpeggio, drumLevel: 0.5, melodyDensity: 0.6, reverbOffset: 20, tempoScale: 0.85),
        Style(
            name: "piano", summary: "solo piano: melody over broken chords, no drums",
            melodyProgram: 0, chordProgram: 0, bassProgram: 0, calmAccompaniment: .arpeggio,
            excitedAccompaniment: .arpeggio, drumLevel: 0, melodyDensity: 0.9, reverbOffset: 0, tempoScale: 0.92),
        Style(
            name: "cinematic", summary: "horn melody, string ensemble and contrabass, ostinato when tense",
            melodyProgram: 60, chordProgram: 48, bassProgram: 43, calmAccompaniment: .sustained,
            excitedAccompaniment: .arpeggio, drumLevel: 0.8, melodyDensity: 0.8, reverbOffset: 15, tempoScale: 1.0),
        Style(
            name: "electronic", summary: "saw lead, poly synth, synth bass and a full kit",
            melodyProgram: 81, chordProgram: 90, bassProgram: 38, calmAccompaniment: .sustained,
            excitedAccompaniment: .comping, drumLevel: 1, melodyDensity: 1, reverbOffset: -5, tempoScale: 1.12),
        Style(
            name: "lofi", summary: "vibraphone over electric-piano comping, finger bass, laid-back drums",
            melodyProgram: 11, chordProgram: 4, bassProgram: 33, calmAccompaniment: .comping,
            excitedAccompaniment: .comping, drumLevel: 0.8, melodyDensity: 0.8, reverbOffset: 0, tempoScale: 0.85),
        Style(
            name: "folk", summary: "flute over picked steel guitar and acoustic bass, light drums",
            melodyProgram: 73, chordProgram: 25, bassProgram: 32, calmAccompaniment: .arpeggio,
            excitedAccompaniment: .arpeggio, drumLevel: 0.5, melodyDensity: 0.9, reverbOffset: 5, tempoScale: 1.04),
    ]

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
