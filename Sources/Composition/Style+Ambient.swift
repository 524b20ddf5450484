/// Ambient: slowly evolving, voice-led synth pads that swell with each chord, a low drone, and a
/// sparse crystal-bell motif whose notes echo like a delay; as it grows, a soft harp-like pluck
/// arpeggio. No drums.
extension Style {
    static let ambient = Style(
        name: "ambient",
        summary: "evolving synth pads and a drone, sparse echoing bells, soft plucks, no drums",
        instruments: [
            Instrument(part: .melody, name: "Melody (bells)", program: 98, register: 64...91, articulation: 0.9, velocity: -6),
            Instrument(part: .pad, name: "Warm pad", program: 89, register: 50...58, articulation: 1, velocity: -10),
            Instrument(part: .bass, name: "Bass (drone)", program: 95, register: 33...45, articulation: 1, velocity: -12),
            Instrument(part: .arp, name: "Pluck", program: 46, register: 52...59, articulation: 1, velocity: -16),
            Instrument(part: .keys, name: "Halo", program: 94, register: 57...64, articulation: 1, velocity: -24),
        ],
        kit: nil,
        levels: [
            // 0: pad and drone, a chord every two bars.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.bass, .bass, "R___ ____ ____ ____"),
                ], melodyNotesPerBar: 1.25, chordsPerBar: 0.5),
            // 1: a second, higher pad.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.keys, .chord, "..c_ ____ ____ ____"),
                    Layer(.bass, .bass, "R___ ____ ____ ____"),
                ], melodyNotesPerBar: 1.25, chordsPerBar: 0.5),
            // 2: a pluck in quarters.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.arp, .tones, "0... 1... 2... 3...", "0... 2... 1... 3..."),
                    Layer(.bass, .bass, "R___ ____ ____ ____"),
                ], melodyNotesPerBar: 1.5, chordsPerBar: 0.5),
            // 3: the pluck in eighths, the halo pad, a chord a bar.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.keys, .chord, "..c_ ____ ____ ____"),
                    Layer(.arp, .tones, "0.1. 2.3. 2.1. 2.3."),
                    Layer(.bass, .bass, "R___ ____ 5___ ____"),
                ], melodyNotesPerBar: 2, chordsPerBar: 1),
            // 4: a brighter, busier pluck.
            Level(
                layers: [
                    Layer(.pad, .chord, "C___ ____ ____ ____"),
                    Layer(.keys, .chord, "..c_ ____ ____ ____"),
                    Layer(.arp, .tones, "0.1. 2.3. 4.3. 2.1.", "0.2. 1.3. 2.4. 3.5."),
                    Layer(.bass, .bass, "R___ ____ 5___ ____"),
                ], melodyNotesPerBar: 2.5, chordsPerBar: 1),
        ],
        // The pluck 3 dB down: its harp measured 4-5 LU over the bells' tune in a musician's
        // review of the stems.
        vocabulary: .open, build: .swell, melodyCentre: 76, echo: Echo(), volumes: [.pad: 84, .arp: 84],
        swells: [.pad, .keys, .bass], tempoScale: 0.85, reverbOffset: 20)
}
