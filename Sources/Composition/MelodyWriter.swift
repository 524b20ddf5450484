import Analysis

/// Writes the melody from the piece's theme, cell by cell of the section's phrases (see
/// `PhrasePlanner`).
///
/// The idea plays the theme's contour; its repeat plays the same notes over the same chords, so the
/// ear recognises it; a continuation climbs on the theme's answer from the idea's head (or, with
/// three notes or fewer, sequences the idea a third higher); a cadence opens with the idea's head
/// on the idea's own first note (from the chord tone nearest the note before where that note would
/// clash, or the cadence has two notes or fewer), the whole head in a short section where the cell
/// has room, and settles on a long chord tone: the tonic where the phrase closes on it, another
/// chord tone otherwise (a half close). The idea starts on the piece's anchor pitch (a chord tone
/// near it where that would clash), so the tune returns as the same notes in every section of one
/// key signature and transposed in the others; a step that would climb past the top of the
/// instrument's register turns back. A note on a chord's first beat that would clash with the chord
/// by a semitone moves to a chord tone, the one nearest the note before. The melody stays above the
/// accompaniment (the arrangement moves accompanying notes down where they would reach it). The
/// final section ends on the tonic, held to the end.
struct MelodyWriter {
    let theme: Theme
    let instrument: Instrument
    let style: Style
    /// The pitch the melody centres on for the whole piece, and every idea starts on: the mood's
    /// centre, or a pitch beside it where more of the ideas keep their shape (`anchorPitch`).
    /// Sections change mode far more often than key, and every mode of one key signature has the
    /// same notes, so a theme laid out around one pitch comes back as the same notes whatever
    /// the section's mode.
    let centrePitch: Int
    init(theme: Theme, instrument: Instrument, style: Style, overall: Mood, sections: [SectionContext] = []) {
        self.theme = theme
        self.instrument = instrument
        self.style = style
        centrePitch = Self.anchorPitch(
            near: Self.centrePitch(for: overall, style: style), theme: theme, sections: sections)
    }

    /// The pitch within a whole tone of `centre` from which the sections' ideas play their
    /// contour with the fewest notes moved off it: a note that clashes with its chord on a
    /// strong beat moves to a chord tone, and a moved first note shifts the whole idea a step,
    /// its intervals changed.
    static func anchorPitch(near centre: Int, theme: Theme, sections: [SectionContext]) -> Int {
        let moved = { (pitch: Int) in sections.map { Self.notesMoved(from: pitch, theme: theme, in: $0) }.reduce(0, +) }
        return (centre - 2...centre + 2).min { (moved($0), abs($0 - centre)) < (moved($1), abs($1 - centre)) }!
    }

    /// How many notes of the ideas of `context`, each played from `pitch` along the theme's
    /// contour, fall on a strong beat a semitone above a chord tone; a first note counts for
    /// the whole idea.
    private static func notesMoved(from pitch: Int, theme: Theme, in context: SectionContext) -> Int {
        let strongTicks = context.strongTicks
        var moved = 0
        for cell in context.phrase where cell.role == .idea {
            var degree = context.key.nearestDegree(to: pitch)
            let rhythm = theme.rhythm(notes: cell.notes)
            let onsets = Self.onsets(of: rhythm, from: cell.ticks.lowerBound, to: cell.ticks.upperBound)
            for (index, tick) in onsets.enumerated() {
                if index > 0 { degree += index - 1 < theme.contour.count ? theme.contour[index - 1] : 0 }
                let chord = context.chord(atTick: tick)
                if strongTicks.contains(tick), Self.clashes(degree, with: chord, in: context.key) {
                    moved += index == 0 ? onsets.count : 1
                }
            }
        }
        return moved
    }

    /// The centre of the melody's register for `mood` in `style`.
    static func centrePitch(for mood: Mood, style: Style) -> Int {
        Int((Double(style.melodyCentre) + 4 * mood.valence + 2 * mood.arousal).rounded())
    }

    func notes(for context: SectionContext, random: inout SeededRandom) -> [Note] {
        let key = context.key
        let home = key.nearestDegree(to: centrePitch)
        let anchor = home
        let range = Self.range(around: home, in: key, within: instrument.register)
        var notes: [Note] = []
        var last: Int?
        var ideaStart: Int?
        for cell in context.phrase {
            let chord = context.chord(atTick: cell.ticks.lowerBound)
            let first: Int
            switch cell.role {
            case .idea, .again, .continuation:
                var start = cell.role == .idea ? anchor : ideaStart ?? anchor
                if cell.role == .continuation && cell.notes <= 3 {
                    // Too few notes to fragment (the head and the answer's first step would
                    // replay the idea's own notes): the continuation sequences the idea a third
                    // higher (lower near the top of the range), so the phrase moves on.
                    start += range.contains(start + 4) ? 2 : -2
                }
                first =
                    Self.clashes(start, with: chord, in: key)
                    ? Self.chordTone(of: chord, near: start, after: last) : start
            case .cadence:
                // The motif returns as the phrase closes: in a short piece of a few phrases, a
                // cadence from the chord tone nearest the note before left the idea's shape
                // heard once a phrase.
                let start = ideaStart ?? anchor
                first =
                    cell.notes >= 3 && !Self.clashes(start, with: chord, in: key)
                    ? start : chord.nearestTone(to: last ?? anchor)
            }
            if cell.role == .idea { ideaStart = first }
            notes += cellNotes(cell, from: first, range: range, context: context, last: &last, random: &random)
        }
        if context.isFinal, context.finalChordTick < context.endTick {
            let chord = context.chord(atTick: context.finalChordTick)
            var tonic = Self.nearestTonic(to: last ?? home)
            if tonic > range.upperBound { tonic -= 7 }
            notes.append(
                Note(
                    startTick: context.finalChordTick, durationTicks: context.endTick - context.finalChordTick,
                    pitch: chord.pitch(ofDegree: tonic, in: key),
                    velocity: SectionContext.velocity(context.baseVelocity + instrument.velocity)))
        }
        return notes
    }

    /// One cell of a phrase, starting on scale degree `first`.
    private func cellNotes(
        _ cell: PhraseCell, from first: Int, range: ClosedRange<Int>, context: SectionContext, last: inout Int?,
        random: inout SeededRandom
    ) -> [Note] {
        let key = context.key
        let role = cell.role
        let count = cell.notes
        let start = cell.ticks.lowerBound
        let end = cell.ticks.upperBound
        let grid = max(1, (end - start) / Theme.positions)
        var positions = theme.rhythm(notes: count)
        // The continuation fragments the idea: its head (the first half of its notes), then the
        // answer's steps from there.
        let head = max(2, (count + 1) / 2)
        var steps = role == .continuation ? Array(theme.contour.prefix(head - 1)) + theme.answer : theme.contour
        if role == .cadence {
            // The idea's opening, then a long closing note from the middle of the cell. One that
            // states the head takes up to two notes more of rhythm to hold it whole before the
            // close; more would rush a calm cell's opening into a run.
            let opening = { (density: Int) in theme.rhythm(notes: density).filter { $0 < Theme.positions / 2 } }
            var density = max(2, count)
            if cell.statesHead {
                density = (density...density + 2).first { opening($0).count >= PhrasePlanner.statedHead } ?? density
            }
            positions = opening(density) + [Theme.positions / 2]
            if count < 2 { positions = [0] }
            steps = Array(theme.contour.prefix(max(0, positions.count - 2)))
        }
        var onsets = Self.onsets(of: positions, from: start, to: end)
        guard !onsets.isEmpty else { return [] }
        // A cadence arrives with its last chord: in a cell of uneven bars the middle of the
        // cell can come before that chord, and the long closing note would be held into it.
        if role == .cadence, onsets.count > 1,
            let arrival = context.chords.last(where: { $0.startTick > start && $0.startTick < end })?.startTick
        {
            onsets = onsets.dropLast().filter { $0 < arrival } + [arrival]
        }
        let strongTicks = context.strongTicks
        let home = key.nearestDegree(to: centrePitch)
        var degree = first
        var previous = last
        var notes: [Note] = []
        for (index, tick) in onsets.enumerated() {
            defer { previous = degree }
            let chord = context.chord(atTick: tick)
            let next = index + 1 < onsets.count ? onsets[index + 1] : end
            // Over a chromatic chord a note held a beat or more is heard against it wherever
            // it falls, not only on a strong beat.
            let exposed =
                strongTicks.contains(tick) || (!chord.alterations.isEmpty && next - tick >= context.ticksPerQuarter)
            if index > 0 {
                var step = index - 1 < steps.count ? steps[index - 1] : 0
                if !range.contains(degree + step) { step = -step }
                degree += step
            }
            let isClosing = role == .cadence && index == onsets.count - 1
            if isClosing && cell.closesOnTonic {
                // Over the dominant that ends a piece's last phrase, the tonic waits for the
                // final chord: the tune closes on the dominant's tone beside it instead (the
                // leading tone or the second), the fourth over that chord being its sourest note.
                let tonic = Self.nearestTonic(to: degree)
                degree = chord.contains(degree: tonic) ? tonic : Self.chordTone(of: chord, near: tonic, after: previous)
            } else if isClosing || (exposed && Self.clashes(degree, with: chord, in: key)) {
                degree = Self.chordTone(of: chord, near: degree, after: previous)
            }
            if degree > range.upperBound {
                // A chord tone above the top (a clash moved up, a close): the closing tonic an
                // octave down, any other note the highest chord tone under the top.
                let top = range.upperBound
                let closesOnTonic = isClosing && cell.closesOnTonic
                degree = closesOnTonic ? degree - 7 : (top - 6...top).last { chord.contains(degree: $0) }!
            }
            // The end of the idea's repeat takes a breath before the phrase goes on.
            let breath = role == .again && index == onsets.count - 1 ? 0.6 : instrument.articulation
            let length = max(grid / 2, Int(Double(next - tick) * (isClosing ? 0.97 : breath)))
            let accent = tick == start ? 4 : (tick - start) % (grid * 4) == 0 ? 2 : -2
            let velocity = Self.softTop(
                context.baseVelocity + instrument.velocity + 4 + accent + Self.lift(degree - home)
                    + random.int(in: -4...4))
            let pitch = chord.pitch(ofDegree: degree, in: key)
            notes.append(
                Note(
                    startTick: tick + (style.laidBack[.melody] ?? 0) * (tick == start ? 0 : 1),
                    durationTicks: min(length, end - tick), pitch: pitch, velocity: SectionContext.velocity(velocity)))
            if let echo = style.echo {
                notes += Self.echoes(of: notes[notes.count - 1], echo, until: next)
            }
        }
        last = degree
        return notes
    }

    /// How much louder a note `steps` scale steps above the tune's centre is played (softer
    /// below it): a rising phrase swells and a falling one relaxes, as a player shapes a line.
    /// Without it the accent on each cell's first note made every rising run fade as it climbed.
    static func lift(_ steps: Int) -> Int {
        (3 * steps).clamped(to: -12...12)
    }

    /// Velocities over `knee` rise half as fast, so that a driven section's tune keeps its
    /// accents and its shape instead of pounding at 127 (a third of a driven piano tune's
    /// notes did).
    static func softTop(_ velocity: Int, knee: Int = 100) -> Int {
        velocity <= knee ? velocity : knee + (velocity - knee) / 2
    }

    /// The ticks of a rhythm's `positions` (of `Theme.positions`) over a cell from `start` to
    /// `end`, each on the nearest sixteenth: a cell of uneven bars (before a cut) stretches the
    /// positions, and one between two sixteenths would stumble against the accompaniment's
    /// grid. Positions that meet on one sixteenth play once.
    static func onsets(of positions: [Int], from start: Int, to end: Int) -> [Int] {
        let sixteenth = PartWriter.ticksPerStep
        let span = Theme.positions * sixteenth
        var onsets: [Int] = []
        for position in positions {
            let tick = start + (position * (end - start) + span / 2) / span * sixteenth
            if tick < end, tick != onsets.last { onsets.append(tick) }
        }
        return onsets
    }

    /// A delay's repeats of `note`, softer each time, while they fit before the next note.
    private static func echoes(of note: Note, _ echo: Echo, until next: Int) -> [Note] {
        var echoes: [Note] = []
        for count in 1...echo.repeats {
            let tick = note.startTick + echo.delayTicks * count
            guard tick + 120 <= next else { break }
            var repeated = Note(
                startTick: tick, durationTicks: min(note.durationTicks, next - tick), pitch: note.pitch,
                velocity: SectionContext.velocity(note.velocity - echo.velocityDrop * count))
            repeated.isEcho = true
            echoes.append(repeated)
        }
        return echoes
    }

    /// Whether `degree` is a semitone above one of the chord's notes: the "avoid note" of jazz
    /// harmony (a minor ninth against a chord tone, such as the fourth over a major triad), which
    /// clashes on a strong beat. A semitone below a chord tone is heard as a colour (a major
    /// seventh, or the thirteenth under a dominant's seventh), as is a whole tone (an added
    /// ninth or sixth); but not over a chromatic chord (the borrowed iv, the dominant with its
    /// leading tone), whose altered note makes the scale's neighbour sour: the leading tone
    /// F# held over C minor in G major sits a tritone over the root and a semitone under its fifth.
    static func clashes(_ degree: Int, with chord: Chord, in key: Key) -> Bool {
        guard !chord.contains(degree: degree) else { return false }
        let pitch = chord.pitch(ofDegree: degree, in: key)
        let sour: Set<Int> = chord.alterations.isEmpty ? [1] : [1, 11]
        return chord.degrees.contains { tone in
            sour.contains(((pitch - chord.pitch(ofDegree: tone, in: key)) % 12 + 12) % 12)
        }
    }

    /// The chord tone within a third of `degree` that lies nearest the note before (a step
    /// rather than a leap), else the chord tone nearest `degree`.
    private static func chordTone(of chord: Chord, near degree: Int, after previous: Int?) -> Int {
        guard let previous else { return chord.nearestTone(to: degree) }
        let candidates = (degree - 2...degree + 2).filter { chord.contains(degree: $0) }
        return candidates.min { (abs($0 - previous), abs($0 - degree)) < (abs($1 - previous), abs($1 - degree)) }
            ?? chord.nearestTone(to: degree)
    }

    /// The scale degrees the tune moves in: five steps under `home` to nine over it, the top
    /// cut where it would pass the top of the instrument's register (a step that would leave
    /// the range turns back). A bright, driven section moves the centre up, and a whistle or a
    /// lead would otherwise climb to a shriek.
    static func range(around home: Int, in key: Key, within register: ClosedRange<Int>) -> ClosedRange<Int> {
        var top = home + 9
        while top > home + 2 && key.pitch(ofDegree: top) > register.upperBound { top -= 1 }
        return (home - 5)...top
    }

    private static func nearestTonic(to degree: Int) -> Int {
        let below = degree - ((degree % 7) + 7) % 7
        return degree - below <= 3 ? below : below + 7
    }
}
