/// Folk: a steel-string guitar finger-picked (Travis picking: the thumb alternating root and
/// fifth on the beats, the fingers between) and, as it gets livelier, a second guitar, on nylon
/// strings, strumming down-down-up-up-down-up with accents; an acoustic bass alternating root
/// and fifth; shaker and tambourine at fader 84, a kick stomping at the fullest; a tin whistle
/// singing the tune, at fader 90, inside the guitars rather than over them. Builds strum
/// harder. The strum is on nylon strings because FluidR3's steel-string guitar strummed in
/// sixteenths is heard as a harpsichord (docs/music.md).
extension Style {
    static let folk = Style(
        name: "folk",
        summary: "finger-picked steel and strummed nylon guitars, root-fifth bass, shaker and tambourine, tin whistle",
        instruments: [
            Instrument(part: .melody, name: "Melody (whistle)", program: 78, register: 62...88, articulation: 0.85, velocity: -8),
            Instrument(
                part: .arp, name: "Picked guitar", program: 25, register: 40...47, spread: true, articulation: 1,
                velocity: -8),
            Instrument(part: .strum, name: "Strummed guitar", program: 24, register: 52...59, articulation: 0.8, velocity: -14),
            Instrument(part: .bass, name: "Bass (acoustic bass)", program: 32, register: 28...40, articulation: 0.85),
        ],
        kit: 0,
        levels: [
            // 0: picking in eighths, the thumb on the beats; a bass note a bar.
            Level(
                layers: [
                    Layer(.arp, .tones, "0.3. 1.4. 0.3. 1.4.", "0.3. 1.4. 2.3. 1.4."),
                    Layer(.bass, .bass, "R___ ____ ____ ____"),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 1: Travis picking with a pinch on one, root-fifth bass in halves, a soft shaker.
            Level(
                layers: [
                    Layer(.arp, .tones, "0.3. 1.4. 0.3. 1.43", "0.3. 1.4. 0.5. 1.4."),
                    Layer(.bass, .bass, "R___ ____ 5___ ____"),
                    Layer(.drums, .drum(.maracas), "..x. ..x. ..x. ..x.", velocity: -20),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 2: the strummed guitar joins (D . D U . U D U), bass in quarters, tambourine on
            // two and four.
            Level(
                layers: [
                    Layer(.arp, .tones, "0.3. 1.4. 0.3. 1.4."),
                    Layer(.strum, .chord, "D... D.U. ..U. D.U.", "D... D.U. ..U. D.UU"),
                    Layer(.bass, .bass, "R... 5... R... 5...", "R... 5... R... 5.A."),
                    Layer(.drums, .drum(.maracas), "x.x. x.x. x.x. x.x.", velocity: -18),
                    Layer(.drums, .drum(.tambourine), ".... x... .... x...", velocity: -12),
                ], melodyNotesPerBar: 3, chordsPerBar: 1),
            // 3: sixteenth strumming with accents, a soft kick on one and three.
            Level(
                layers: [
                    Layer(.arp, .tones, "0.3. 1.4. 0.3. 1.4."),
                    Layer(.strum, .chord, "D.DU .UDU D.DU .UDU", "D.DU .UDU D.DU DUDU"),
                    Layer(.bass, .bass, "R..R 5... R..R 5...", "R..R 5... R... 5.A."),
                    Layer(.drums, .drum(.maracas), "xoxo xoxo xoxo xoxo", velocity: -18),
                    Layer(.drums, .drum(.tambourine), ".... x... .... x...", velocity: -8),
                    Layer(.drums, .drum(.kick), "x... .... x... ....", velocity: -12),
                ], melodyNotesPerBar: 4, chordsPerBar: 1),
            // 4: a stomp: kick on the beats, tambourine on the off-beats, driving strums.
            Level(
                layers: [
                    Layer(.arp, .tones, "0.3. 1.4. 0.3. 1.4."),
                    Layer(.strum, .chord, "D.DU .UDU D.DU .UDU", "D.DU .UDU D.DU DUDU", velocity: 4),
                    Layer(.bass, .bass, "R..R 5..R R..R 5.A.", "R..R 5..5 R..R 8.A."),
                    Layer(.drums, .drum(.maracas), "xoxo xoxo xoxo xoxo", velocity: -16),
                    Layer(.drums, .drum(.tambourine), "..x. x.x. ..x. x.x.", velocity: -8),
                    Layer(.drums, .drum(.kick), "x... x... x... x...", velocity: -6),
                ], melodyNotesPerBar: 4, chordsPerBar: 2),
        ],
        vocabulary: .triads, build: .strum, melodyCentre: 76, volumes: [.drums: 84, .melody: 90], tempoScale: 1.04,
        reverbOffset: 5)
}
