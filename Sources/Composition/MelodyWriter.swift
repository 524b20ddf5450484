import Analysis

/// Writes the melody from the piece's theme, phrase by phrase.
///
/// A section's chords are taken two at a time ("units"). Four units make a phrase shaped like a
/// classical sentence: the theme's idea, the idea again (the same notes, so the ear recognises
/// it), its answer, and a cadence that keeps the idea's first half and ends on
/// a long chord tone: the tonic at the end of each second phrase and of the piece, another
/// chord tone otherwise (a half close). Each unit starts
/// on the piece's centre pitch and follows the theme's scale steps, so the idea returns as the
/// same notes over other chords; a note on a chord's first beat that would clash with the chord
/// by a semitone moves to the nearest chord tone. The register centres on the style's melody
/// pitch, moved by the whole video's valence and arousal, and stays above the accompaniment (the
/// arrangement moves accompanying notes down where they would reach it). The final section ends
/// on the tonic, held to the end.
struct MelodyWriter {
    let theme: Theme
    let instrument: Instrument
    let style: Style
    /// The pitch the melody centres on for the whole piece. Sections change mode far more often
    /// than key, and every mode of one key signature has the same notes, so a theme laid out
    /// around one pitch comes back as the same notes whatever the section's mode.
    let centrePitch: Int

    init(theme: Theme, instrument: Instrument, style: Style, overall: Mood) {
        self.theme = theme
        self.instrument = instrument
        self.style = style
        centrePitch = Self.centrePitch(for: overall, style: style)
    }

    /// The centre of the melody's register for `mood` in `style`.
    static func centrePitch(for mood: Mood, style: Style) -> Int {
        Int((Double(style.melodyCentre) + 4 * mood.valence + 2 * mood.arousal).rounded())
    }

    mutating func notes(
        for context: SectionContext, notesPerBar: Double, skippingBars skipped: Int, random: inout SeededRandom
    ) -> [Note] {
        let key = context.key
        let centre = key.nearestDegree(to: centrePitch)
        let lowest = centre - 5
        let highest = centre + 7
        let skipUntil = skipped < context.bars.count ? context.bars[skipped].startTick : context.endTick
        let slots = context.chords.filter { $0.startTick >= skipUntil && $0.startTick < context.finalChordTick }
        var notes: [Note] = []
        var first = 0
        var unit = 0
        while first < slots.count && notesPerBar > 0 {
            let pair = Array(slots[first..<min(first + 2, slots.count)])
            first += 2
            let isLast = first >= slots.count
            // Phrases follow the harmony's from the section's start; a long section, and the
            // piece, end with a cadence.
            let role = isLast && (slots.count >= 6 || context.isFinal) ? 3 : unit % 4
            unit += 1
            let unitBars = Double(pair.count) * Double(pair[0].durationTicks) / Double(context.ticksPerBar)
            let count = Int((notesPerBar * max(0.5, unitBars)).rounded())
            notes += phrase(
                role: role, closesOnTonic: context.isFinal || ((unit - 1) / 4) % 2 == 1, over: pair, notes: count,
                centre: centre, range: lowest...highest, context: context, random: &random)
        }
        if context.isFinal, context.finalChordTick < context.endTick {
            let chord = context.chord(atTick: context.finalChordTick)
            let tonic = centre - ((centre % 7) + 7) % 7
            notes.append(
                Note(
                    startTick: context.finalChordTick, durationTicks: context.endTick - context.finalChordTick,
                    pitch: chord.pitch(ofDegree: tonic, in: key),
                    velocity: SectionContext.velocity(context.baseVelocity + instrument.velocity)))
        }
        return notes
    }

    /// One unit of the phrase: `role` 0 and 1 the idea, 2 its answer, 3 the cadence.
    private func phrase(
        role: Int, closesOnTonic: Bool, over pair: [ChordSlot], notes count: Int, centre: Int,
        range: ClosedRange<Int>, context: SectionContext, random: inout SeededRandom
    ) -> [Note] {
        let key = context.key
        let start = pair[0].startTick
        let end = pair[pair.count - 1].endTick
        let grid = max(1, pair[0].durationTicks * 2 / Theme.positions)
        // A unit of one chord (a section's odd last chord) plays the first half of the idea.
        var positions =
            pair.count == 2 ? theme.rhythm(notes: count) : theme.rhythm(notes: 2 * count).filter { $0 < Theme.positions / 2 }
        var steps = role == 2 ? theme.answer : theme.contour
        if role == 3 {
            positions = positions.filter { $0 < Theme.positions / 2 } + [Theme.positions / 2]
            steps = Array(theme.contour.prefix(positions.count - 2))
        }
        let onsets = positions.map { start + $0 * grid }.filter { $0 < end }
        guard !onsets.isEmpty else { return [] }

        // The answer starts a third higher, the cadence a step higher, so the phrase rises and falls.
        var degree = centre + (role == 2 ? 2 : role == 3 ? 1 : 0)
        var notes: [Note] = []
        for (index, tick) in onsets.enumerated() {
            let chord = context.chord(atTick: tick)
            if index > 0 {
                var step = index - 1 < steps.count ? steps[index - 1] : 0
                if !range.contains(degree + step) { step = -step }
                degree += step
            }
            let onChordStart = pair.contains { $0.startTick == tick }
            let isClosing = role == 3 && index == onsets.count - 1
            if isClosing && closesOnTonic {
                degree = Self.nearestTonic(to: degree)
            } else if isClosing || (onChordStart && Self.clashes(degree, with: chord, in: key)) {
                degree = chord.nearestTone(to: degree)
            }
            let next = index + 1 < onsets.count ? onsets[index + 1] : end
            let length = max(grid / 2, Int(Double(next - tick) * (isClosing ? 0.97 : instrument.articulation)))
            let accent = tick == start ? 6 : (tick - start) % (grid * 4) == 0 ? 2 : -3
            let velocity = context.baseVelocity + instrument.velocity + 4 + accent + random.int(in: -4...4)
            let pitch = chord.pitch(ofDegree: degree, in: key)
            notes.append(
                Note(
                    startTick: tick + (style.laidBack[.melody] ?? 0) * (tick == start ? 0 : 1),
                    durationTicks: min(length, end - tick), pitch: pitch, velocity: SectionContext.velocity(velocity)))
            if style.echo {
                notes += Self.echoes(of: notes[notes.count - 1], until: next)
            }
        }
        return notes
    }

    /// A delay's repeats of `note`: a dotted eighth later, softer each time, while they fit
    /// before the next note.
    private static func echoes(of note: Note, until next: Int) -> [Note] {
        var echoes: [Note] = []
        for echo in 1...2 {
            let tick = note.startTick + 360 * echo
            guard tick + 120 <= next else { break }
            echoes.append(
                Note(
                    startTick: tick, durationTicks: min(note.durationTicks, next - tick), pitch: note.pitch,
                    velocity: SectionContext.velocity(note.velocity - 18 * echo)))
        }
        return echoes
    }

    /// Whether `degree` is a semitone from one of the chord's notes (a clash on a strong beat;
    /// a whole tone is heard as a colour, an added ninth or sixth).
    private static func clashes(_ degree: Int, with chord: Chord, in key: Key) -> Bool {
        guard !chord.contains(degree: degree) else { return false }
        let pitch = chord.pitch(ofDegree: degree, in: key)
        return chord.degrees.contains { tone in
            let distance = ((chord.pitch(ofDegree: tone, in: key) - pitch) % 12 + 12) % 12
            return distance == 1 || distance == 11
        }
    }

    private static func nearestTonic(to degree: Int) -> Int {
        let below = degree - ((degree % 7) + 7) % 7
        return degree - below <= 3 ? below : below + 7
    }
}
