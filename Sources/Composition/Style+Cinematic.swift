/// Cinematic: sustained strings when calm, string ostinati in eighths and then sixteenths as it
/// intensifies, contrabasses on the roots, low piano pulses, timpani and war-drum toms, a solo violin
/// singing the theme and brass stabs at the peak. Builds are timpani rolls under a swelling
/// cymbal; climaxes land on a crash.
extension Style {
    static let cinematic = Style(
        name: "cinematic",
        summary: "sustained strings and string ostinati, violin theme, timpani and war drums, brass at the peak",
        instruments: [
            Instrument(part: .melody, name: "Melody (violin)", program: 40, register: 55...88, articulation: 0.95, velocity: -2),
            Instrument(part: .pad, name: "Strings", program: 49, register: 48...57, articulation: 1, velocity: -14),
            Instrument(part: .arp, name: "Ostinato", program: 48, register: 50...57, articulation: 0.5, velocity: -12),
            Instrument(part: .bass, name: "Bass (contrabass)", program: 43, register: 28...40, articulation: 0.9, velocity: -6),
            Instrument(part: .keys, name: "Low piano", program: 0, register: 29...47, articulation: 0.9, velocity: -10),
            Instrument(part: .strum, name: "Brass", program: 61, register: 53...60, articulation: 0.7, velocity: -6),
            Instrument(part: .perc, name: "Timpani", program: 47, register: 38...50, articulation: 0.9, velocity: -4),
        ],
        kit: 48,
        levels: [
            // 0: strings held through each chord, contrabass on the root.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.bass, .bass, "R___ ____ ____ ____"),
                ], melodyNotesPerBar: 2, chordsPerBar: 0.5),
            // 1: a low piano pulse in quarters under the held strings, root and fifth.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.bass, .bass, "R___ ____ ____ ____"),
                    Layer(.keys, .bass, "R... 5... R... 5...", "R... 5... R... 5.R."),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 2: an ostinato in eighths, the basses in quarters, timpani on one.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.arp, .tones, "0.1. 2.1. 0.1. 2.1."),
                    Layer(.bass, .bass, "R... R... R... R..."),
                    Layer(.keys, .bass, "R... .... 5... ...."),
                    Layer(.perc, .bass, "R... .... .... ....", "R... .... R... ...."),
                    Layer(.drums, .drum(.bassDrum), "x... .... .... ....", velocity: -12),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 3: sixteenth ostinato, eighth basses, war-drum toms, timpani on the beats.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.arp, .tones, "0010 2010 0010 2010", "0010 2010 0010 3121"),
                    Layer(.bass, .bass, "R.R. R.R. R.R. R.R."),
                    Layer(.perc, .bass, "R... .... R... ....", "R... R... R... R.R."),
                    Layer(.drums, .drum(.lowTom), "x..x ..x. x... x...", "x..x ..x. x.x. xxxx", velocity: -6),
                    Layer(.drums, .drum(.bassDrum), "x... .... x... ....", velocity: -6),
                    Layer(.drums, .drum(.snare), "..o. ..o. ..o. ..o.", velocity: -16),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 4: the climax: brass stabs, toms in sixteenths, snare ostinato, a crash each phrase.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.arp, .tones, "0010 2010 0010 2010", "0010 2010 3121 3121"),
                    Layer(.bass, .bass, "R.R. R.R. R.R. R.R."),
                    Layer(.strum, .chord, "C... ..C. ..C. ....", "C... ..C. ..C. C.C."),
                    Layer(.perc, .bass, "R... R... R... R...", "R... R... R.R. RRRR"),
                    Layer(.drums, .drum(.lowTom), "x..x ..x. x..x ..x.", "x..x ..x. xxxx xxxx"),
                    Layer(.drums, .drum(.midTom), "..x. .... ..x. ....", velocity: -6),
                    Layer(.drums, .drum(.bassDrum), "x... .... x... ....", velocity: -4),
                    Layer(.drums, .drum(.snare), "x.ox x.ox x.ox x.ox", velocity: -12),
                    Layer(.drums, .drum(.crash), "x... .... .... ....", ".", ".", ".", velocity: -8),
                ], melodyNotesPerBar: 4, chordsPerBar: 2),
        ],
        vocabulary: .suspended, build: .orchestral, melodyCentre: 67, swells: [.pad], vibrato: true, tempoScale: 1.0,
        reverbOffset: 15)
}
