/// Writes the chord instrument: voice-led chords, held, broken or comped as the style and the
/// section's arousal ask. Something of it always sounds, so no beat is ever empty.
enum AccompanimentWriter {
    static func notes(
        for context: SectionContext, voicer: inout Voicer, random: inout SeededRandom
    ) -> [Note] {
        let velocity = context.baseVelocity - 16
        var notes: [Note] = []
        for slot in context.chords {
            let pitches = voicer.voicing(for: slot.chord, in: context.key)
            if slot.startTick >= context.finalChordTick {
                notes += held(pitches, from: slot.startTick, to: slot.endTick, velocity: velocity - 4)
                continue
            }
            switch context.style.accompaniment(forArousal: context.mood.arousal) {
            case .sustained:
                notes += held(pitches, from: slot.startTick, to: slot.endTick, velocity: velocity)
            case .arpeggio:
                notes += broken(pitches, slot: slot, context: context, velocity: velocity)
            case .comping:
                notes += comped(pitches, slot: slot, context: context, velocity: velocity)
            }
        }
        for index in notes.indices {
            notes[index].velocity = SectionContext.velocity(notes[index].velocity + random.int(in: -4...4))
        }
        return notes
    }

    private static func held(_ pitches: [Int], from start: Int, to end: Int, velocity: Int) -> [Note] {
        pitches.map { Note(startTick: start, durationTicks: end - start, pitch: $0, velocity: velocity) }
    }

    /// Chord tones up and down (low, middle, high, middle, ...), restarting on each chord: quarter
    /// notes when calm, eighths, sixteenths when very excited.
    private static func broken(_ pitches: [Int], slot: ChordSlot, context: SectionContext, velocity: Int) -> [Note] {
        let arousal = context.mood.arousal
        let step = context.ticksPerQuarter / (arousal < -0.2 ? 1 : arousal <= 0.6 ? 2 : 4)
        let order = pitches + pitches.dropFirst().dropLast().reversed()
        var notes: [Note] = []
        var tick = slot.startTick
        var index = 0
        while tick < slot.endTick {
            let accent = index % order.count == 0 ? 6 : 0
            notes.append(
                Note(
                    startTick: tick, durationTicks: min(step, slot.endTick - tick), pitch: order[index % order.count],
                    velocity: velocity + accent))
            tick += step
            index += 1
        }
        return notes
    }

    /// Short chords on a one-bar rhythm (in eighths) that gets busier and more syncopated with
    /// arousal; each chord lasts until just before the next.
    private static func comped(_ pitches: [Int], slot: ChordSlot, context: SectionContext, velocity: Int) -> [Note] {
        let arousal = context.mood.arousal
        let rhythm: [Int] = arousal < 0 ? [0, 3] : arousal <= 0.5 ? [0, 3, 4, 6] : [0, 2, 3, 5, 6]
        let eighth = context.ticksPerQuarter / 2
        let bar = context.bar(containing: slot.startTick)
        let barStart = bar.startTick
        let onsets = rhythm.map { barStart + $0 * eighth }.filter {
            $0 >= slot.startTick && $0 < slot.endTick && $0 < bar.endTick
        }
        var notes: [Note] = []
        for (index, onset) in onsets.enumerated() {
            let next = index + 1 < onsets.count ? onsets[index + 1] : slot.endTick
            let length = max(eighth / 2, Int(Double(next - onset) * 0.9))
            let accent = onset == barStart ? 6 : 0
            notes += held(pitches, from: onset, to: min(onset + length, slot.endTick), velocity: velocity + accent)
        }
        if onsets.first != slot.startTick {
            // A chord that starts between hits (a half-bar chord) still sounds from its first tick.
            let until = onsets.first ?? slot.endTick
            notes += held(pitches, from: slot.startTick, to: until, velocity: velocity)
        }
        return notes
    }
}
