/// The score's instruments, filled in section by section.
///
/// Keeps what has to carry over a cut (the chord voicing and the melody's last pitch) so that
/// sections join smoothly, and gives each part of each section its own random stream, so that
/// changing one part never changes another.
struct Arrangement {
    private var melody: Track
    private var chords: Track
    private var bass: Track
    private var drums: Track
    private var voicer = Voicer()
    private var melodyPitch: Int?

    static let melodyChannel = 0
    static let chordChannel = 1
    static let bassChannel = 2
    static let drumChannel = 9

    init(style: Style, reverb: Int) {
        melody = Track(name: "Melody", program: style.melodyProgram, channel: Self.melodyChannel, reverb: reverb)
        chords = Track(name: "Chords", program: style.chordProgram, channel: Self.chordChannel, reverb: reverb)
        bass = Track(name: "Bass", program: style.bassProgram, channel: Self.bassChannel, reverb: max(0, reverb - 20))
        drums = Track(name: "Drums", program: 0, channel: Self.drumChannel, reverb: max(0, reverb - 10))
    }

    /// How much louder the pitched parts strike on a montage cut.
    static let hitAccent = 12
    /// Velocity per unit of arousal by which a montage scene's stretch differs from its section
    /// (28, as in the mood-to-velocity rule), and the most it may differ.
    static let stretchDynamics = 28.0
    static let largestStretchOffset = 24

    mutating func add(_ context: SectionContext, seed: UInt64) {
        let hits = Set(context.hitTicks)
        let offsets = context.stretchArousal.map {
            Int((Self.stretchDynamics * ($0 - context.mood.arousal)).rounded())
                .clamped(to: -Self.largestStretchOffset...Self.largestStretchOffset)
        }
        // Within a montage, each scene's stretch is as loud as its own arousal asks, and its
        // first beat is accented.
        func shaped(_ notes: [Note], accent: Int = Self.hitAccent) -> [Note] {
            guard !hits.isEmpty else { return notes }
            return notes.map { note in
                var note = note
                var change = hits.contains(note.startTick) ? accent : 0
                if offsets.count == context.hitTicks.count + 1 {
                    change += offsets[context.hitTicks.filter { $0 <= note.startTick }.count]
                }
                note.velocity = SectionContext.velocity(note.velocity + change)
                return note
            }
        }

        voicer.bottomRange = Self.chordRange(belowMelodyCentre: MelodyWriter.centrePitch(for: context.mood))
        var random = SeededRandom(seed: seed, stream: .pad, index: context.index)
        chords.notes += shaped(AccompanimentWriter.notes(for: context, voicer: &voicer, random: &random))

        random = SeededRandom(seed: seed, stream: .bass, index: context.index)
        bass.notes += shaped(BassWriter.notes(for: context, random: &random))

        random = SeededRandom(seed: seed, stream: .melody, index: context.index)
        var writer = MelodyWriter(context: context, lastPitch: melodyPitch)
        melody.notes += shaped(writer.notes(random: &random))
        melodyPitch = writer.lastPitch

        random = SeededRandom(seed: seed, stream: .drums, index: context.index)
        drums.notes += shaped(DrumWriter.notes(for: context, random: &random), accent: 0)
    }

    /// Where the chords' lowest voice may lie: low enough that a close voicing (up to about ten
    /// semitones tall) stays under the middle of the melody, from E3...Eb4 for the brightest
    /// melodies down to C3...B3 for the darkest.
    static func chordRange(belowMelodyCentre centre: Int) -> ClosedRange<Int> {
        let top = (centre - 8).clamped(to: 59...63)
        return (top - 11)...top
    }

    /// The parts that have notes, each sorted, with overlapping repeats of a pitch shortened so
    /// that every note-on has its own note-off.
    var tracks: [Track] {
        [melody, chords, bass, drums].filter { !$0.notes.isEmpty }.map { track in
            var track = track
            track.notes = Self.withoutOverlaps(track.notes)
            return track
        }
    }

    private static func withoutOverlaps(_ notes: [Note]) -> [Note] {
        var sorted = notes.sorted { ($0.startTick, $0.pitch) < ($1.startTick, $1.pitch) }
        var lastIndexOfPitch: [Int: Int] = [:]
        var dropped = Set<Int>()
        for index in sorted.indices {
            let pitch = sorted[index].pitch
            if let previous = lastIndexOfPitch[pitch], sorted[previous].endTick > sorted[index].startTick {
                sorted[previous].durationTicks = sorted[index].startTick - sorted[previous].startTick
                if sorted[previous].durationTicks <= 0 { dropped.insert(previous) }
            }
            lastIndexOfPitch[pitch] = index
        }
        return sorted.enumerated().filter { !dropped.contains($0.offset) && $0.element.durationTicks > 0 }.map(
            \.element)
    }
}
