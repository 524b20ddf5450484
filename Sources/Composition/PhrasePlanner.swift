/// One cell of a section's phrases: a harmonic unit (two chords) of the melody, with its role in
/// the sentence the phrase is shaped like.
struct PhraseCell: Sendable, Equatable {
    /// What a cell does in its phrase: the theme's idea, the idea again (the same notes over the
    /// same chords), a continuation that moves on, a cadence that closes.
    enum Role: Sendable { case idea, again, continuation, cadence }

    let ticks: Range<Int>
    let role: Role
    /// The melody's notes in the cell.
    let notes: Int
    /// Whether the cadence closes on the tonic (the end of each second phrase and of the piece)
    /// rather than on another chord tone (a half close).
    let closesOnTonic: Bool
    /// The cell's phrase within its section, from 0.
    let phrase: Int
    /// Whether a cadence states the theme's head whole (`PhrasePlanner.statedHead` notes) before
    /// its closing note: the cadence of a section of one or two cells. (Such a section's idea
    /// states it by its count of notes.)
    var statesHead = false
}

/// Lays each section's melody out in phrases before its chords are written, so that harmony
/// and melody agree: the idea and its repeat over the same chords, the continuation over the
/// progression's second half, the cadence over a cadence.
///
/// A cell spans one harmonic unit: two chords (two bars at a chord a bar, four at a chord every
/// two bars, one at two chords a bar). Four cells make a phrase shaped like a classical sentence:
/// idea, idea again, continuation, cadence. A section of three cells is a short sentence (idea,
/// idea again, cadence; a sparse one of three notes a cell or fewer moves on instead: idea,
/// continuation, cadence, since stating three notes twice leaves no room for the tune). A
/// section of one or two cells (a trailer's short shots) states the theme's head whole in its
/// idea and its cadence, so that the motif is heard at each cut; in a style whose every note
/// echoes, whose bells stay sparse, a section of one or two sparse cells carries its phrase on
/// to the next section's cells instead.
struct PhrasePlanner {
    /// Where a sparse tune's phrase stands when the next section begins.
    private var sparsePhrase = 0

    mutating func cells(for context: SectionContext) -> [PhraseCell] {
        let notesPerBar = context.style.levels[context.level].melodyNotesPerBar
        guard notesPerBar > 0 else { return [] }
        let spans = Self.spans(of: context, skipping: context.introBars, barsPerCell: Self.barsPerCell(for: context))
        let counts = spans.map { span in
            max(1, Int((notesPerBar * Double(span.count) / Double(context.ticksPerBar)).rounded()))
        }
        // Bells whose every note comes back twice already fill a calm shot: no more notes there.
        let statesHead = spans.count <= 2 && context.style.echo == nil
        let sparse = spans.count <= 2 && !statesHead && counts.allSatisfy { $0 <= 3 }
        let opening = sparse ? sparsePhrase : 0
        var cells: [PhraseCell] = []
        for (index, span) in spans.enumerated() {
            let isLast = index == spans.count - 1
            var count = counts[index]
            // A short shot of two sparse cells answers its idea with the idea sequenced a third
            // up rather than the same two notes again, so the tune moves on at every cut.
            let sequenced = spans.count == 2 && index == 1 && counts[0] <= 2
            let role: PhraseCell.Role =
                if isLast && (spans.count >= 3 || context.isFinal) {
                    .cadence
                } else if sequenced || (spans.count == 3 && index == 1 && count <= 3) {
                    .continuation
                } else if spans.count == 3 && index == 1 {
                    .again
                } else {
                    [PhraseCell.Role.idea, .again, .continuation, .cadence][(opening + index) % 4]
                }
            if statesHead && role == .idea { count = max(count, Self.statedHead) }
            cells.append(
                PhraseCell(
                    ticks: span, role: role, notes: count, closesOnTonic: context.isFinal || (index / 4) % 2 == 1,
                    phrase: index / 4, statesHead: statesHead && role == .cadence))
        }
        sparsePhrase = sparse ? (opening + spans.count) % 4 : 0
        return cells
    }

    /// Notes of the theme's head that a section of one or two cells states whole, in its idea and
    /// in its cadence before the closing note: a short piece of short sections then hears the same
    /// motif at each of them, where ideas cut to the length of each shot (three notes here, seven
    /// there) left its five-note shapes heard once.
    static let statedHead = 5

    /// Bars of a cell: the two chords of a harmonic unit (four bars where a chord lasts two, one
    /// where two chords share a bar).
    static func barsPerCell(for context: SectionContext) -> Int {
        let perBar = context.style.levels[context.level].chordsPerBar
        return perBar < 1 ? 4 : perBar >= 2 ? 1 : 2
    }

    /// The tick ranges of the section's cells after its intro, up to the final held chord.
    private static func spans(of context: SectionContext, skipping skipped: Int, barsPerCell: Int) -> [Range<Int>] {
        let bars = context.bars.indices.filter { $0 >= skipped && context.bars[$0].startTick < context.finalChordTick }
        return stride(from: 0, to: bars.count, by: barsPerCell).map { offset in
            let lastBar = bars[min(offset + barsPerCell, bars.count) - 1]
            return context.bars[bars[offset]].startTick..<min(context.bars[lastBar].endTick, context.finalChordTick)
        }
    }
}
