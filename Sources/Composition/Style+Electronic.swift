/// Electronic: four-on-the-floor kick, off-beat open hats, claps on two and four, an arpeggiated
/// synth in eighths and then sixteenths, an off-beat and then syncopated synth bass, a polysynth
/// pad re-struck every half bar, and a square-wave lead. Builds are snare rolls with a noise
/// riser; the more intense section then drops in on a crash.
extension Style {
    static let electronic = Style(
        name: "electronic",
        summary: "four-on-the-floor kit, arpeggiated synths, off-beat synth bass, square lead",
        instruments: [
            Instrument(part: .melody, name: "Melody (lead)", program: 80, register: 60...88, articulation: 0.7, velocity: -4),
            Instrument(part: .pad, name: "Pad", program: 90, register: 50...58, articulation: 0.95, velocity: -16),
            Instrument(part: .arp, name: "Arp", program: 81, register: 55...62, articulation: 0.45, velocity: -12),
            Instrument(part: .bass, name: "Bass (synth bass)", program: 38, register: 33...45, articulation: 0.6),
            Instrument(part: .fx, name: "Riser", program: 122, register: 60...72, velocity: -20),
        ],
        kit: 24,
        levels: [
            // 0: a pad and a slow dotted arpeggio over a soft kick and off-beat hats.
            Level(
                layers: [
                    Layer(.pad, .chord, "C_______ C_______"),
                    Layer(.arp, .tones, "0..1 ..2. .1.. 2..."),
                    Layer(.bass, .bass, "R_______ ..R_____"),
                    Layer(.drums, .drum(.kick), "x... .... x... ....", velocity: -10),
                    Layer(.drums, .drum(.closedHat), "..x. ..x. ..x. ..x.", velocity: -14),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 1: the kick on every beat, open hats between, an off-beat bass, arpeggio in eighths.
            Level(
                layers: [
                    Layer(.pad, .chord, "C_______ C_______"),
                    Layer(.arp, .tones, "0.1. 2.1. 0.1. 2.3."),
                    Layer(.bass, .bass, "..R. ..R. ..R. ..R."),
                    Layer(.drums, .drum(.kick), "x... x... x... x...", velocity: -4),
                    Layer(.drums, .drum(.openHat), "..x. ..x. ..x. ..x.", velocity: -10),
                    Layer(.drums, .drum(.clap), ".... x... .... x...", velocity: -10),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 2: claps on two and four, closed hats in eighths, a syncopated bass, arpeggio in 16ths.
            Level(
                layers: [
                    Layer(.pad, .chord, "C_______ C_______"),
                    Layer(.arp, .tones, "0123 2101 2321 0123"),
                    Layer(.bass, .bass, "R..R ..R. R..R ..5.", "R..R ..R. R..R .5A."),
                    Layer(.drums, .drum(.kick), "x... x... x... x..."),
                    Layer(.drums, .drum(.clap), ".... x... .... x..."),
                    Layer(.drums, .drum(.closedHat), "x.x. x.x. x.x. x.x.", velocity: -12),
                    Layer(.drums, .drum(.openHat), "..x. ..x. ..x. ..x.", velocity: -8),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 3: sixteenth hats, a rolling bass, stabs instead of the pad.
            Level(
                layers: [
                    Layer(.pad, .chord, "C..C ..C. ..C. C...", velocity: 4),
                    Layer(.arp, .tones, "0123 4321 0123 4321"),
                    Layer(.bass, .bass, "R.RR .RR. R.RR .5R.", "R.RR .RR. R.RR .8A."),
                    Layer(.drums, .drum(.kick), "X... X... X... X..."),
                    Layer(.drums, .drum(.clap), ".... x... .... x..."),
                    Layer(.drums, .drum(.closedHat), "xoxo xoxo xoxo xoxo", velocity: -10),
                    Layer(.drums, .drum(.openHat), "..x. ..x. ..x. ..x.", velocity: -6),
                ], melodyNotesPerBar: 4, chordsPerBar: 1),
            // 4: everything, a crash at each phrase, an extra kick and snare pushing the last beat.
            Level(
                layers: [
                    Layer(.pad, .chord, "C..C ..C. ..C. C.C.", velocity: 6),
                    Layer(.arp, .tones, "0124 5421 0124 5421"),
                    Layer(.bass, .bass, "R.RR .RR. R.RR .5R.", "R.RR .RR. R.RR 8.A."),
                    Layer(.drums, .drum(.kick), "X... X... X... X..x"),
                    Layer(.drums, .drum(.clap), ".... x... .... x...", velocity: 4),
                    Layer(.drums, .drum(.snare), ".... x... .... x..x", ".... x... .... x.xx", velocity: -6),
                    Layer(.drums, .drum(.closedHat), "xoxo xoxo xoxo xoxo", velocity: -8),
                    Layer(.drums, .drum(.openHat), "..x. ..x. ..x. ..x.", velocity: -4),
                    Layer(.drums, .drum(.crash), "x... .... .... ....", ".", ".", ".", velocity: -6),
                ], melodyNotesPerBar: 4, chordsPerBar: 2),
        ],
        vocabulary: .triads, build: .snareRoll, melodyCentre: 72, tempoScale: 1.12, reverbOffset: -5)
}
