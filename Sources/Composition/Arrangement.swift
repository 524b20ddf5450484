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

    mutating func add(_ context: SectionContext, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: .pad, index: context.index)
        chords.notes += AccompanimentWriter.notes(for: context, voicer: &voicer, random: &random)

        random = SeededRandom(seed: seed, stream: .bass, index: context.index)
        bass.notes += BassWriter.notes(for: context, random: &random)

        random = SeededRandom(seed: seed, stream: .melody, index: context.index)
        var writer = MelodyWriter(context: context, lastPitch: melodyPitch)
        melody.notes += writer.notes(random: &random)
        melodyPitch = writer.lastPitch

        random = SeededRandom(seed: seed, stream: .drums, index: context.index)
        drums.notes += DrumWriter.notes(for: context, random: &random)
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
