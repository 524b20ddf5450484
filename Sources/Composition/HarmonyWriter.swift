/// Writes a section's chord progression.
///
/// Harmonic rhythm follows arousal: one chord per bar when calm, two when excited (arousal above
/// 0.3). Chords come from four-chord progressions idiomatic to the section's mode, arranged in
/// eight-chord phrases (A then B, then A then C, ...) so that the harmony repeats enough to be
/// remembered and changes enough not to loop. Tension adds sevenths and suspensions. The final
/// section ends with the mode's cadence chord and a whole bar of tonic.
enum HarmonyWriter {
    static func chords(for context: SectionContext, random: inout SeededRandom) -> [ChordSlot] {
        let chordsPerBar = context.mood.arousal > 0.3 ? 2 : 1
        let slotTicks = context.ticksPerBar / chordsPerBar
        let progressions = context.key.mode.progressions
        let first = random.int(below: progressions.count)
        let second = otherIndex(than: first, count: progressions.count, random: &random)
        let third = otherIndex(than: first, count: progressions.count, random: &random)

        let slotCount = context.bars * chordsPerBar
        var degrees: [Int] = (0..<slotCount).map { slot in
            let phrase = slot / 8
            let position = slot % 8
            let progression =
                position < 4 ? progressions[first] : progressions[phrase % 2 == 0 ? second : third]
            return progression[position % 4]
        }

        var slots: [ChordSlot] = []
        // The final bar is one tonic chord held to the end; the chord before it leads home.
        let finalSlots = context.isFinal ? chordsPerBar : 0
        if context.isFinal && slotCount > finalSlots {
            degrees[slotCount - finalSlots - 1] = context.key.mode.cadenceDegree
        }
        for slot in 0..<(slotCount - finalSlots) {
            let start = context.startTick + slot * slotTicks
            let chord = colour(Chord.triad(on: degrees[slot]), in: context, random: &random)
            slots.append(ChordSlot(chord: chord, startTick: start, endTick: start + slotTicks))
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

    private static func otherIndex(than index: Int, count: Int, random: inout SeededRandom) -> Int {
        guard count > 1 else { return index }
        return (index + 1 + random.int(below: count - 1)) % count
    }
}
