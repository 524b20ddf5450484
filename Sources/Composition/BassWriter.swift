/// Writes the bass: chord roots between C2 and C3 (MIDI 36...48), with more motion as arousal
/// rises. Calm: the root held. Middle: root and fifth in half notes. Excited: a walking quarter
/// line (root, root, fifth, a step leading to the next root), or driving eighths when very
/// excited.
enum BassWriter {
    static let range = 36...48

    static func notes(for context: SectionContext, random: inout SeededRandom) -> [Note] {
        let arousal = context.mood.arousal
        let velocity = context.baseVelocity - 4
        let quarter = context.ticksPerQuarter
        var notes: [Note] = []
        for (index, slot) in context.chords.enumerated() {
            let root = rootPitch(of: slot.chord, in: context.key)
            if slot.startTick >= context.finalChordTick || arousal < -0.3 {
                notes.append(
                    Note(startTick: slot.startTick, durationTicks: slot.durationTicks, pitch: root, velocity: velocity))
                continue
            }
            let fifth = Key.pitch(
                ofClass: context.key.pitch(ofDegree: slot.chord.root + 4), in: range, closestTo: root)
            let nextChord = index + 1 < context.chords.count ? context.chords[index + 1].chord : slot.chord
            let approach = approachPitch(to: nextChord, from: root, in: context.key)

            let short = slot.durationTicks <= 2 * quarter
            let line: [(beat: Double, pitch: Int)]
            if arousal <= 0.3 {
                line = short ? [(0, root)] : [(0, root), (2, fifth)]
            } else if arousal <= 0.65 {
                line = short ? [(0, root), (1, approach)] : [(0, root), (1, root), (2, fifth), (3, approach)]
            } else if short {
                line = [(0, root), (0.5, root), (1, fifth), (1.5, approach)]
            } else {
                line = [0, 0.5, 1, 1.5, 2, 2.5].map { ($0, root) } + [(3, fifth), (3.5, approach)]
            }
            let onsets = line.map { (tick: slot.startTick + Int($0.beat * Double(quarter)), pitch: $0.pitch) }
                .filter { $0.tick < slot.endTick }
            for (k, onset) in onsets.enumerated() {
                let next = k + 1 < onsets.count ? onsets[k + 1].tick : slot.endTick
                let length =
                    k + 1 < onsets.count ? Int(Double(next - onset.tick) * context.articulation) : next - onset.tick
                let accent = k == 0 ? 6 : 0
                notes.append(
                    Note(
                        startTick: onset.tick, durationTicks: max(1, length), pitch: onset.pitch,
                        velocity: SectionContext.velocity(velocity + accent + random.int(in: -4...4))))
            }
        }
        return notes
    }

    /// The chord's root in the bass range (36...47).
    static func rootPitch(of chord: Chord, in key: Key) -> Int {
        let pitchClass = ((key.pitch(ofDegree: chord.root) % 12) + 12) % 12
        return 36 + pitchClass
    }

    /// A scale step next to the next chord's root, on the side nearer the current root.
    private static func approachPitch(to chord: Chord, from current: Int, in key: Key) -> Int {
        let target = rootPitch(of: chord, in: key)
        let below = Key.pitch(ofClass: key.pitch(ofDegree: chord.root - 1), in: range, closestTo: target - 1)
        let above = Key.pitch(ofClass: key.pitch(ofDegree: chord.root + 1), in: range, closestTo: target + 1)
        return abs(below - current) <= abs(above - current) ? below : above
    }
}
