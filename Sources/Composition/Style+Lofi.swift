/// Lo-fi hip hop: swung boom-bap drums on a room kit, up front in the mix (kick on one and the
/// "and" of two, snare on two and four, lazy hats), seventh and ninth chords on a soft electric
/// piano played a little behind the beat, an upright bass, and a vibraphone for the tune. Before
/// a bigger section the drums drop out for two beats and come back with a tom fill.
extension Style {
    static let lofi = Style(
        name: "lofi",
        summary:
            "swung boom-bap drums up front, soft electric piano sevenths behind the beat, upright bass, vibraphone",
        instruments: [
            Instrument(
                part: .melody, name: "Melody (vibraphone)", program: 11, register: 60...84, articulation: 0.8,
                velocity: -6),
            Instrument(
                part: .keys, name: "Electric piano", program: 5, register: 50...58, rootless: true, articulation: 0.85,
                velocity: -14),
            Instrument(
                part: .bass, name: "Bass (upright)", program: 32, register: 33...45, articulation: 0.8, velocity: -2),
            Instrument(
                part: .pad, name: "Pad", program: 89, register: 48...55, rootless: true, articulation: 1, velocity: -30),
        ],
        kit: 8,
        levels: [
            // 0: the boom-bap at its barest (kick, a soft snare on two and four, a hat on one
            // and three): in lo-fi the beat is the backbone even when nothing else moves. The
            // electric piano holds its chord and strikes it again on four; the bass follows the
            // kick and walks into the next bar.
            Level(
                layers: [
                    Layer(.keys, .chord, "C___ ____ ___. c___"),
                    Layer(.bass, .bass, "R___ ____ __R_ __A_", "R___ ____ __5_ __A_"),
                    Layer(.drums, .drum(.kick), "x... .... ..x. ....", velocity: 2),
                    Layer(.drums, .drum(.snare), ".... x... .... x...", velocity: -4),
                    Layer(.drums, .drum(.closedHat), "x... .... x... ....", velocity: -8),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 1: boom-bap: kick on one and the "and" of two and three, snare two and four,
            // swung eighth hats; the electric piano comps twice a bar.
            Level(
                layers: [
                    Layer(.keys, .chord, "C___ ___c __._ c___", "C___ ____ c___ _.c_"),
                    Layer(.bass, .bass, "R___ __R. ..5_ .8__", "R___ __R. ..5_ .A__"),
                    Layer(.drums, .drum(.kick), "x... ..x. ..x. ....", velocity: 4),
                    Layer(.drums, .drum(.snare), ".... x... .... x...", velocity: 2),
                    Layer(.drums, .drum(.closedHat), "x.x. x.x. x.x. x.x.", velocity: -10),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 2: ghost snares, an open hat at the end of the bar, a walking turn in the bass.
            Level(
                layers: [
                    Layer(.keys, .chord, "C__. c.C_ __.c ..c_", "C___ .c__ c.__ C.__"),
                    Layer(.bass, .bass, "R__. .R.. 5__. R.A.", "R__. .R.. 5__. 8.A."),
                    Layer(.drums, .drum(.kick), "x... ..x. .xx. ....", "x... ..x. ..x. ..x.", velocity: 6),
                    Layer(.drums, .drum(.snare), ".... x..o .... x.o.", velocity: 2),
                    Layer(.drums, .drum(.closedHat), "x.x. x.x. x.x. x...", velocity: -8),
                    Layer(.drums, .drum(.openHat), ".... .... .... ..x.", velocity: -10),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 3: sixteenth hats with ghosts, a busier electric piano and bass, a pad underneath.
            Level(
                layers: [
                    Layer(.keys, .chord, "C_.c .C_. c_.C ..c.", "C_.c .C_. c_.c .C_."),
                    Layer(.bass, .bass, "R_.R ..R. 5_.R .5A.", "R_.R ..R. 5_.8 .5A."),
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.drums, .drum(.kick), "x..x ..x. .xx. ....", "x..x ..x. ..x. .x..", velocity: 6),
                    Layer(.drums, .drum(.snare), ".... x..o .o.. x..o", velocity: 6),
                    Layer(.drums, .drum(.closedHat), "xoxo xoxo xoxo xox.", velocity: -6),
                    Layer(.drums, .drum(.openHat), ".... .... .... ...x", velocity: -8),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 4: the fullest groove: a shaker, a crash at each phrase, two chords a bar.
            Level(
                layers: [
                    Layer(.keys, .chord, "C_.c .C_. c_.C ..c.", "C_.c .C_. c_.c .C_."),
                    Layer(.bass, .bass, "R_.R ..R. 5_.R .5A.", "R_.R ..R. 5_.8 .5A."),
                    Layer(.pad, .chord, "C___ ____ C___ ____"),
                    Layer(.drums, .drum(.kick), "x..x ..x. .xx. ..x.", "x..x ..x. ..x. .x..", velocity: 6),
                    Layer(.drums, .drum(.snare), ".... x..o .o.. x.oo", velocity: 6),
                    Layer(.drums, .drum(.closedHat), "xoxo xoxo xoxo xox.", velocity: -4),
                    Layer(.drums, .drum(.openHat), ".... .... .... ...x", velocity: -6),
                    Layer(.drums, .drum(.maracas), "oxox oxox oxox oxox", velocity: -18),
                    Layer(.drums, .drum(.crash), "x... .... .... ....", ".", ".", ".", velocity: -14),
                ], melodyNotesPerBar: 4, chordsPerBar: 2),
        ],
        vocabulary: .sevenths, build: .dropOut, melodyCentre: 70, swing: 0.6, laidBack: [.keys: 18, .melody: 12],
        volumes: [.drums: 127, .keys: 80, .pad: 84, .melody: 92],
        tempoScale: 0.85, reverbOffset: 0)
}
