import Analysis

/// The score's instruments, filled in section by section from the style's idiom.
///
/// Each section plays the layers of its level; the first bars of the piece are an introduction,
/// the bar before a more intense section is a build, the last bar holds the final chord. What
/// has to carry over a cut (each part's voicing, the melody's place in the theme) is kept here,
/// and each part of each section draws from its own random stream, so that changing one part
/// never changes another.
struct Arrangement {
    let style: Style
    private var tracks: [PartName: Track] = [:]
    private var voicers: [PartName: Voicer] = [:]
    private let melody: MelodyWriter

    init(style: Style, reverb: Int, theme: Theme, overall: Mood, sections: [SectionContext] = []) {
        self.style = style
        for instrument in style.instruments {
            tracks[instrument.part] = Track(
                name: instrument.name, program: instrument.program, channel: instrument.part.channel,
                reverb: (reverb + instrument.reverb + (instrument.part == .bass ? -20 : 0)).clamped(to: 0...127),
                volume: style.volumes[instrument.part] ?? 100)
            voicers[instrument.part] = Voicer(for: instrument)
        }
        if let kit = style.kit {
            tracks[.drums] = Track(
                name: "Drums", program: kit, channel: PartName.drums.channel, reverb: max(0, reverb - 10),
                volume: style.volumes[.drums] ?? 100)
        }
        melody = MelodyWriter(
            theme: theme, instrument: style.melody, style: style, overall: overall, sections: sections)
    }

    /// How much louder the pitched parts strike on a montage cut.
    static let hitAccent = 12
    /// Velocity per unit of arousal by which a montage scene's stretch differs from its section
    /// (28, as in the mood-to-velocity rule), and the most it may differ.
    static let stretchDynamics = 28.0
    static let largestStretchOffset = 24

    mutating func add(_ context: SectionContext, seed: UInt64) {
        var written: [PartName: [Note]] = [:]
        let level = style.levels[context.level]
        // In the last bar of the piece the parts play on for half a bar, then hold the final chord.
        let until = context.isFinal ? context.finalChordTick + (context.endTick - context.finalChordTick) / 2 : context.endTick
        let playing = Array(context.bars.indices)
        let intro = playing.prefix(context.introBars)
        let body = playing.dropFirst(context.introBars)
        let introLevel = style.levels[max(0, context.level - 2)]

        for (index, layer) in level.layers.enumerated() {
            guard let range = Self.range(body) else { break }
            written[layer.part, default: []] += play(layer, bars: range, until: until, context: context, seed: seed, index: index)
        }
        for (index, layer) in introLevel.layers.enumerated() where layer.part != .drums {
            guard let range = Self.range(intro) else { break }
            written[layer.part, default: []] += play(layer, bars: range, until: until, context: context, seed: seed, index: 50 + index)
        }

        var random = SeededRandom(seed: seed, stream: .melody, index: context.index)
        if let given = context.givenMelody {
            written[.melody, default: []] += given
        } else {
            written[.melody, default: []] += melody.notes(for: context, random: &random)
        }

        random = SeededRandom(seed: seed, stream: .drums, index: context.index)
        TransitionWriter(context: context, style: style).write(
            into: &written, voicers: &voicers, endingAt: until, random: &random)

        Self.keepBelowMelody(&written)
        for (part, notes) in written {
            guard tracks[part] != nil else { continue }
            tracks[part]!.notes += shaped(notes, in: context, accent: part == .drums ? 0 : Self.hitAccent)
        }
        for part in tracks.keys {
            tracks[part]!.controls += Expression.controls(for: part, in: context, style: style, level: level)
        }
    }

    private mutating func play(
        _ layer: Layer, bars: Range<Int>, until: Int, context: SectionContext, seed: UInt64, index: Int
    ) -> [Note] {
        guard let instrument = style.instrument(for: layer.part) ?? (layer.part == .drums ? Self.kitInstrument : nil)
        else { return [] }
        var random = SeededRandom(seed: seed, stream: .pad, index: context.index * 64 + index)
        let writer = PartWriter(
            context: context, instrument: instrument, velocity: context.baseVelocity + instrument.velocity + layer.velocity,
            swing: style.swing, laidBack: style.laidBack[layer.part] ?? 0)
        var voicer = voicers[layer.part] ?? Voicer(for: instrument)
        let notes = writer.notes(for: layer, bars: bars, until: until, voicer: &voicer, random: &random)
        voicers[layer.part] = voicer
        return notes
    }

    /// The drum kit as an instrument: short hits.
    static let kitInstrument = Instrument(part: .drums, name: "Drums", program: 0, register: 35...81, articulation: 0.5)

    private static func range(_ bars: some Collection<Int>) -> Range<Int>? {
        guard let first = bars.first, let last = bars.max() else { return nil }
        return first..<(last + 1)
    }

    /// Within a montage, each scene's stretch is as loud as its own arousal asks, and its first
    /// beat is accented.
    private func shaped(_ notes: [Note], in context: SectionContext, accent: Int) -> [Note] {
        let hits = Set(context.hitTicks)
        guard !hits.isEmpty else { return notes }
        let offsets = context.stretchArousal.map {
            Int((Self.stretchDynamics * ($0 - context.mood.arousal)).rounded())
                .clamped(to: -Self.largestStretchOffset...Self.largestStretchOffset)
        }
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

    /// Accompanying notes that would sound at or above the melody while it plays are moved down
    /// an octave (or two), so the tune always sits on top; one that would land a second from
    /// another note of its chord low down (`Voicer.isLowSecond`) is left out instead. A chord
    /// tone a semitone under a held note of the tune (the major seventh under the root, the
    /// ninth under a minor third) takes the tune's own note instead where the chord holds it,
    /// as a pianist voices a chord under its melody: the minor ninth goes, and the chord keeps to
    /// its own notes. Where the chord does not hold the tune's note (a passing note, a held
    /// fourth), or under two held notes a semitone apart, the chord tone is left out.
    static func keepBelowMelody(_ written: inout [PartName: [Note]]) {
        let tune = (written[.melody] ?? []).sorted { $0.startTick < $1.startTick }
        guard !tune.isEmpty else { return }
        let longest = tune.map(\.durationTicks).max() ?? 0
        // The tune's notes that overlap `note`: a binary search for the first that may, then on.
        func tuneNotes(over note: Note) -> [Note] {
            var low = 0
            var high = tune.count
            while low < high {
                let middle = (low + high) / 2
                if tune[middle].startTick < note.startTick - longest { low = middle + 1 } else { high = middle }
            }
            var end = low
            while end < tune.count && tune[end].startTick < note.endTick { end += 1 }
            return tune[low..<end].filter { $0.endTick > note.startTick }
        }
        let bass = written[.bass] ?? []
        // Whether the bass or another note of the part sounds `pitch`'s pitch class at `tick`.
        func chordHolds(_ pitch: Int, at tick: Int, in notes: [Note]) -> Bool {
            let sounds = { (other: Note) in
                other.startTick <= tick && other.endTick > tick && (other.pitch - pitch) % 12 == 0
            }
            return bass.contains(where: sounds) || notes.contains(where: sounds)
        }
        for part in written.keys where part != .melody && part != .bass && part != .drums {
            let placed = written[part]!.map { note -> Note? in
                var note = note
                let over = tuneNotes(over: note)
                let heldAbove = over.filter { $0.durationTicks >= heldTuneTicks }
                func underHeld(_ pitch: Int) -> Bool { heldAbove.contains { ($0.pitch - pitch + 120) % 12 == 1 } }
                if underHeld(note.pitch) {
                    note.pitch += 1
                    // Under two held notes a semitone apart (a raised third, a leading tone)
                    // no pitch serves both; and a pitch the chord does not hold (the tune's
                    // passing E flat over a D major chord) would put the clash into the chord
                    // itself: the note is left out.
                    if underHeld(note.pitch) || !chordHolds(note.pitch, at: note.startTick, in: written[part]!) {
                        return nil
                    }
                }
                if let lowest = over.map(\.pitch).min() {
                    while note.pitch >= lowest && note.pitch - 12 >= 24 { note.pitch -= 12 }
                }
                return note
            }
            let struck = Dictionary(grouping: placed.compactMap { $0 }.map { ($0.startTick, $0.pitch) }, by: \.0)
            written[part] = zip(written[part]!, placed).compactMap { original, note in
                guard let note else { return nil }
                guard note.pitch != original.pitch else { return note }
                let muddy = struck[note.startTick]!.contains { $0.1 != note.pitch && Voicer.isLowSecond($0.1, note.pitch) }
                return muddy ? nil : note
            }
        }
    }

    /// A note of the tune this long (a beat) is heard against every chord tone under it.
    static let heldTuneTicks = Composer.ticksPerQuarter

    /// The parts that have notes, in channel order, each sorted, with overlapping repeats of a
    /// pitch shortened so that every note-on has its own note-off, and a sustained part's
    /// notes tied over where the same pitch is struck again the moment it ends.
    var allTracks: [Track] {
        PartName.allCases.compactMap { part in tracks[part].map { (part, $0) } }.filter { !$0.1.notes.isEmpty }.map {
            part, track in
            var track = track
            let notes = part == .drums ? TransitionWriter.spacedCrashes(track.notes) : track.notes
            track.notes = Self.withoutOverlaps(notes)
            if let instrument = style.instrument(for: part), instrument.articulation >= 1, part != .melody {
                track.notes = Self.tied(track.notes)
            }
            track.controls.sort { $0.tick < $1.tick }
            // The delay plays the repeats the tune wrote (a song's own tune, restyled, has none).
            if part == .melody, track.notes.contains(where: \.isEcho) { track.echo = style.echo }
            return track
        }
    }

    /// Notes sorted by start with each note that starts exactly where a note of the same pitch
    /// ends merged into it (a pad holding its chord across a bar line).
    private static func tied(_ notes: [Note]) -> [Note] {
        var result: [Note] = []
        var openByPitch: [Int: Int] = [:]
        for note in notes {
            if let index = openByPitch[note.pitch], result[index].endTick == note.startTick {
                result[index].durationTicks += note.durationTicks
                continue
            }
            openByPitch[note.pitch] = result.count
            result.append(note)
        }
        return result
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
