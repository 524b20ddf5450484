/// Solo piano: a left hand of broken chords whose subdivision follows the intensity (a slow
/// spread arpeggio, Alberti bass, flowing eighths, sixteenths), a phrased right-hand melody, and
/// at the fullest right-hand chords under the tune. The sustain pedal is changed with every
/// chord; builds only swell.
extension Style {
    static let piano = Style(
        name: "piano",
        summary: "solo piano: left-hand broken chords and Alberti bass, a phrased melody, pedal",
        instruments: [
            Instrument(part: .melody, name: "Melody (right hand)", program: 0, register: 60...88, articulation: 0.9, velocity: 2),
            Instrument(
                part: .keys, name: "Left hand", program: 0, register: 31...45, spread: true, articulation: 1,
                velocity: -14),
            Instrument(part: .strum, name: "Right-hand chords", program: 0, register: 55...62, articulation: 0.6, velocity: -18),
        ],
        kit: nil,
        levels: [
            // 0: a slow spread arpeggio with a lilt (a quarter, two eighths, then quarters), one
            // chord a bar.
            Level(
                layers: [Layer(.keys, .tones, "0... 1.2. 3... 2...")], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 1: Alberti bass: low, high, middle, high.
            Level(
                layers: [Layer(.keys, .tones, "0.2. 1.2. 0.2. 1.2.", "0.2. 1.2. 0.3. 1.3.")],
                melodyNotesPerBar: 2, chordsPerBar: 1),
            // 2: flowing eighths over two octaves, the right hand filling in a soft chord under
            // the tune on the "and" of two and four (and of three too, every other bar).
            Level(
                layers: [
                    Layer(.keys, .tones, "0.1. 2.3. 4.3. 2.1.", "0.1. 2.3. 4.5. 4.2."),
                    Layer(.strum, .chord, ".... ..c. .... ..c.", ".... ..c. ..c. ..c.", velocity: -6),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 3: sixteenths rising and falling, played under the tune: at the left hand's
            // eighth-note loudness their stem measured 3 LU over the melody's.
            Level(
                layers: [Layer(.keys, .tones, "0123 4321 0123 4321", "0123 4321 0123 4543", velocity: -12)],
                melodyNotesPerBar: 3, chordsPerBar: 1),
            // 4: sixteenths and right-hand chords on the off-beats under the tune.
            Level(
                layers: [
                    Layer(.keys, .tones, "0123 4321 0123 4321", "0123 4543 2123 4321", velocity: -12),
                    Layer(.strum, .chord, "..c. ..c. ..c. ..c."),
                ], melodyNotesPerBar: 4, chordsPerBar: 2),
        ],
        vocabulary: .ballad, build: .swell, melodyCentre: 72, volumes: [.keys: 84], pedal: true, tempoScale: 0.92,
        reverbOffset: 0)
}
