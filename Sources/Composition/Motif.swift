/// A one-bar melodic idea: a rhythm, and the scale steps from each note to the next.
///
/// Steps, not pitches, are what makes a motif recognisable when it returns on another chord or
/// in another section; the melody writer anchors each bar's first note on a chord tone and lets
/// the steps follow.
struct Motif: Sendable, Equatable {
    /// Onsets in grid units from the start of the bar, ascending, the first at 0.
    var onsets: [Int]
    /// Grid units per bar: 8 (eighths) or 16 (sixteenths) in 4/4.
    var grid: Int
    /// Scale steps from each note to the next; one fewer than `onsets`.
    var steps: [Int]

    /// A new motif with `notes` onsets on a grid of `grid` per bar. Onsets favour strong beats;
    /// `syncopation` (0...1) makes off-beats likelier. Steps favour small moves, as sung melodies do.
    static func random(notes: Int, grid: Int, syncopation: Double, random: inout SeededRandom) -> Motif {
        var free = Array(1..<grid)
        var onsets = [0]
        while onsets.count < min(notes, grid) {
            let weights = free.map { weight(ofPosition: $0, grid: grid, syncopation: syncopation) }
            onsets.append(free.remove(at: random.index(weightedBy: weights)))
        }
        onsets.sort()
        let stepChoices = [-3, -2, -1, 0, 1, 2, 3, 4]
        let stepWeights = [0.3, 0.9, 2.2, 0.6, 2.2, 0.9, 0.4, 0.2]
        let steps = (1..<onsets.count).map { _ in stepChoices[random.index(weightedBy: stepWeights)] }
        return Motif(onsets: onsets, grid: grid, steps: steps)
    }

    /// How likely a grid position is to carry a note: beats 1 and 3, then 2 and 4, then eighths,
    /// then sixteenths.
    private static func weight(ofPosition position: Int, grid: Int, syncopation: Double) -> Double {
        if position % (grid / 2) == 0 { return 1.0 }
        if position % (grid / 4) == 0 { return 0.8 }
        if grid == 16 && position % 2 == 0 { return 0.45 + 0.3 * syncopation }
        return 0.3 + 0.3 * syncopation
    }

    /// The same rhythm with the contour turned upside down.
    var inverted: Motif {
        Motif(onsets: onsets, grid: grid, steps: steps.map { -$0 })
    }

    /// The same rhythm with one step changed, so a repeat is recognisable but not identical.
    func varied(random: inout SeededRandom) -> Motif {
        guard !steps.isEmpty else { return self }
        var copy = self
        let index = random.int(below: steps.count)
        copy.steps[index] += random.chance(0.5) ? 1 : -1
        if copy.steps[index] == steps[index] { copy.steps[index] += 1 }
        return copy
    }

    /// The first half of the motif, then one long note from beat 3 to the end of the bar: the
    /// breath at the end of a phrase.
    var cadential: Motif {
        let half = grid / 2
        let kept = onsets.filter { $0 < half }
        return Motif(onsets: kept + [half], grid: grid, steps: Array(steps.prefix(kept.count - 1)) + [-1])
    }
}
