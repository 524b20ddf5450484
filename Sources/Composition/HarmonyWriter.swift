/// Writes a section's chord progression.
///
/// Harmonic rhythm follows arousal: one chord per bar when calm, two when excited (arousal above
/// 0.3); an irregular bar before a montage cut keeps one chord, or two when it is long enough.
/// Chords come from four-chord progressions idiomatic to the section's mode, arranged in
/// eight-chord phrases (A then B, then A then C, ...) so that the harmony repeats enough to be
/// remembered and changes enough not to loop. Tension adds sevenths and suspensions. In minor the
/// chord on the fifth degree is major (its third is the leading tone) and each eight-chord phrase
/// ends on it; in major a IV before I or V is now and then borrowed from the minor (iv). The final
/// section ends with the mode's cadence chord and a whole bar of tonic.
enum HarmonyWriter {
    static func chords(for context: SectionContext, random: inout SeededRandom) -> [ChordSlot] {
        let chordsPerBar = context.mood.arousal > 0.3 ? 2 : 1
        let slotTicks = context.ticksPerBar / chordsPerBar
        var spans: [(start: Int, end: Int)] = []
        for bar in context.bars where bar.startTick < context.finalChordTick {
            var start = bar.startTick
            while start < bar.endTick {
                var end = min(start + slotTicks, bar.endTick)
                if bar.endTick - end < slotTicks / 2 { end = bar.endTick }
                spans.append((start, end))
                start = end
            }
        }

        let mode = context.key.mode
        let progressions = mode.progressions
        let first = random.int(below: progressions.count)
        let second = otherIndex(than: first, count: progressions.count, random: &random)
        let third = otherIndex(than: first, count: progressions.count, random: &random)
        var degrees: [Int] = spans.indices.map { slot in
            let phrase = slot / 8
            let position = slot % 8
            let progression =
                position < 4 ? progressions[first] : progressions[phrase % 2 == 0 ? second : third]
            return progression[position % 4]
        }
        if mode.hasLeadingToneDominant {
            // A half cadence at the end of each eight-chord phrase that has a next phrase.
            for slot in stride(from: 7, to: degrees.count - 1, by: 8) { degrees[slot] = 4 }
        }
        if context.isFinal, let last = degrees.indices.last {
            degrees[last] = mode.cadenceDegree
        }

        var slots: [ChordSlot] = []
        for (slot, span) in spans.enumerated() {
            var chord = colour(Chord.triad(on: degrees[slot]), in: context, random: &random)
            let next = slot + 1 < degrees.count ? degrees[slot + 1] : 0
            chord = altered(chord, before: next, mode: mode, random: &random)
            slots.append(ChordSlot(chord: chord, startTick: span.start, endTick: span.end))
        }
        if context.isFinal {
            slots.append(ChordSlot(chord: .triad(on: 0), startTick: context.finalChordTick, endTick: context.endTick))
        }
        return slots
    }

    /// Adds a seventh (likelier with tension) or, now and then under tension, turns the third into
    /// a suspended fourth where the fourth is perfect.
    private static func colour(_ chord: Chord, in context: SectionContext, random: inout SeededRandom) -> Chord {
        let tension = context.mood.tension
        var chord = chord
        if random.chance(0.1 + 0.6 * tension) {
            chord.steps = [0, 2, 4, 6]
        } else if random.chance(0.25 * tension) {
            let key = context.key
            let fourth = key.pitch(ofDegree: chord.root + 3) - key.pitch(ofDegree: chord.root)
            if fourth == 5 { chord.steps = [0, 3, 4] }
        }
        return chord
    }

    /// The chromatic chords: V with a raised third in minor and dorian, and now and then a minor
    /// iv before I or V in major.
    private static func altered(_ chord: Chord, before next: Int, mode: Mode, random: inout SeededRandom) -> Chord {
        if mode.hasLeadingToneDominant && chord.root == 4 {
            return chord.alteringThird(by: 1)
        }
        if mode == .ionian && chord.root == 3 && (next == 0 || next == 4) && random.chance(0.4) {
            return chord.alteringThird(by: -1)
        }
        return chord
    }

    private static func otherIndex(than index: Int, count: Int, random: inout SeededRandom) -> Int {
        guard count > 1 else { return index }
        return (index + 1 + random.int(below: count - 1)) % count
    }
}
