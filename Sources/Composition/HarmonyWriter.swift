/// Writes a section's chord progression.
///
/// Harmonic rhythm follows the style's level: a chord every two bars, every bar, or two a bar;
/// an irregular bar before a montage cut keeps one chord, or two when it is long enough. Chords
/// come from four-chord progressions idiomatic to the section's mode, laid out over the melody's
/// phrase cells (see `PhrasePlanner`), two chords a cell: the progression's first two under the
/// idea and again, the very same chords, under its repeat; its last two under a continuation; and
/// a cadence under a cadence: a half close (towards the dominant) where the melody closes on
/// another chord tone, a full close (dominant to tonic) where it closes on the tonic. So the
/// harmony repeats enough to be remembered and the melody's repeat falls on the same chords. The
/// introduction plays the progression's last two chords, a turn that leads into its first. The style's
/// vocabulary colours the chords (sevenths and ninths for lo-fi, added ninths and suspensions for
/// ambient and film music), tension adds sevenths and suspensions. In minor the chord on the
/// fifth degree is major (its third is the leading tone); in major a IV before I or V is now and
/// then borrowed from the minor (iv). The final section ends with the mode's cadence chord and a
/// whole bar of tonic.
enum HarmonyWriter {
    static func chords(for context: SectionContext, random: inout SeededRandom) -> [ChordSlot] {
        let spans = slotSpans(for: context)
        let mode = context.key.mode
        let progressions = mode.progressions
        let first = random.int(below: progressions.count)
        let second = otherIndex(than: first, count: progressions.count, random: &random)
        // Each chord's cell (nil in the introduction) and its place in the cell.
        let cellOfSlot = spans.map { span in context.phrase.firstIndex { $0.ticks.contains(span.start) } }
        let placeInCell = cellOfSlot.indices.map { slot in slot - cellOfSlot.firstIndex(of: cellOfSlot[slot])! }
        let introSlots = cellOfSlot.prefix { $0 == nil }.count
        var degrees: [Int] = spans.indices.map { slot in
            guard let index = cellOfSlot[slot] else {
                return progressions[first][slot == introSlots - 1 ? 3 : 2]
            }
            let cell = context.phrase[index]
            let progression = progressions[cell.phrase / 2 % 2 == 0 ? first : second]
            // A cell of one chord takes the unit's goal where it closes, its start otherwise.
            let isAlone = cellOfSlot.filter { $0 == index }.count == 1
            let position = isAlone && cell.role == .cadence ? 1 : min(1, placeInCell[slot])
            switch cell.role {
            case .idea, .again: return progression[position]
            case .continuation: return progression[2 + position]
            case .cadence:
                let closes = cell.closesOnTonic && !(context.isFinal && index == context.phrase.count - 1)
                return closes ? [mode.cadenceDegree, 0][position] : [predominant(of: mode), mode.cadenceDegree][position]
            }
        }
        if context.isFinal, let last = degrees.indices.last {
            degrees[last] = mode.cadenceDegree
        }

        var slots: [ChordSlot] = []
        var ideaChords: [Chord] = []
        for (slot, span) in spans.enumerated() {
            var chord = colour(Chord.triad(on: degrees[slot]), in: context, random: &random)
            let next = slot + 1 < degrees.count ? degrees[slot + 1] : 0
            chord = altered(chord, before: next, mode: mode, random: &random)
            if let index = cellOfSlot[slot] {
                let place = placeInCell[slot]
                switch context.phrase[index].role {
                case .idea:
                    if place == 0 { ideaChords = [] }
                    ideaChords.append(chord)
                case .again where place < ideaChords.count && ideaChords[place].root == chord.root:
                    chord = ideaChords[place]
                default: break
                }
            }
            slots.append(ChordSlot(chord: chord, startTick: span.start, endTick: span.end))
        }
        if context.isFinal {
            slots.append(ChordSlot(chord: .triad(on: 0), startTick: context.finalChordTick, endTick: context.endTick))
        }
        return slots
    }

    /// The ticks each chord lasts: pairs of bars, whole bars or half bars, as the level asks,
    /// the pairs counted from the end of the introduction.
    static func slotSpans(for context: SectionContext) -> [(start: Int, end: Int)] {
        let perBar = context.style.levels[context.level].chordsPerBar
        let bars = context.bars.filter { $0.startTick < context.finalChordTick }
        var spans: [(start: Int, end: Int)] = []
        var index = 0
        while index < bars.count {
            let bar = bars[index]
            if perBar < 1, index >= context.introBars, (index - context.introBars) % 2 == 0, index + 1 < bars.count {
                spans.append((bar.startTick, bars[index + 1].endTick))
                index += 2
                continue
            }
            // A bar shorter than 2/4 (before a cut) keeps the chord of the bar before it.
            if bar.eighths < 4, let last = spans.last, last.end == bar.startTick {
                spans[spans.count - 1].end = bar.endTick
                index += 1
                continue
            }
            let slotTicks = perBar >= 2 ? context.ticksPerBar / 2 : context.ticksPerBar
            var start = bar.startTick
            while start < bar.endTick {
                var end = min(start + slotTicks, bar.endTick)
                if bar.endTick - end < slotTicks / 2 { end = bar.endTick }
                spans.append((start, end))
                start = end
            }
            index += 1
        }
        return spans
    }

    /// The chord before the dominant in a half close: IV, or where IV is not a major or minor
    /// triad in the mode (lydian) or is itself the cadence chord (dorian), II or bVII.
    private static func predominant(of mode: Mode) -> Int {
        switch mode {
        case .lydian: 1
        case .dorian: 6
        default: 3
        }
    }

    /// The style's vocabulary and the section's tension decide a chord's colour: a seventh, a
    /// ninth, an added ninth, a suspended second or fourth, or the plain triad. In pads and
    /// electric pianos a ninth is only ever a major one: on a root with a semitone above it (the
    /// third of a major key, the second of dorian) an added ninth is a minor second against the
    /// root, sour under a held pad. Film music keeps the minor ninth for its darkness (the
    /// dominant's in minor).
    private static func colour(_ chord: Chord, in context: SectionContext, random: inout SeededRandom) -> Chord {
        let tension = context.mood.tension
        let key = context.key
        var chord = chord
        let fourthIsPerfect = key.pitch(ofDegree: chord.root + 3) - key.pitch(ofDegree: chord.root) == 5
        let secondIsWhole = key.pitch(ofDegree: chord.root + 1) - key.pitch(ofDegree: chord.root) == 2
        switch context.style.vocabulary {
        case .triads:
            if random.chance(0.1 + 0.5 * tension) { chord.steps = [0, 2, 4, 6] }
        case .ballad:
            if secondIsWhole && random.chance(0.3) {
                chord.steps = [0, 2, 4, 8]
            } else if random.chance(0.15 + 0.5 * tension) {
                chord.steps = [0, 2, 4, 6]
            }
        case .sevenths:
            chord.steps = random.chance(0.5) && secondIsWhole ? [0, 2, 4, 6, 8] : [0, 2, 4, 6]
        case .open:
            let addsNinth = random.chance(0.5)
            if addsNinth && secondIsWhole {
                chord.steps = [0, 2, 4, 8]
            } else if !addsNinth && secondIsWhole && random.chance(0.4) {
                chord.steps = [0, 1, 4]
            }
        case .suspended:
            if fourthIsPerfect && random.chance(0.15 + 0.3 * tension) {
                chord.steps = [0, 3, 4]
            } else if random.chance(0.2) {
                chord.steps = [0, 2, 4, 8]
            } else if random.chance(0.1 + 0.3 * tension) {
                chord.steps = [0, 2, 4, 6]
            }
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
