import Analysis

/// A steady pulse: one tempo per passage of similar mood, changing only where the mood does,
/// and then by a step a listener hears as a new passage rather than a lurch.
///
/// Consecutive sections whose arousal stays within `sameMood` of the passage's running mean
/// form a passage; a section whose arousal moves further starts a new one. The piece has one
/// home tempo, the duration-weighted mean of what the sections' moods ask for, and each passage
/// moves from it by only `response` of what its own mood asks (at most `largestMove`): the
/// arrangement, not the tempo, carries most of the change in energy. Cuts are then met with
/// whole and irregular bars at that tempo (`MeterPlanner`), not by bending it at every cut.
enum TempoPlanner {
    /// Arousal that differs less than this from the passage's stays in the passage.
    static let sameMood = 0.35
    /// The share of a passage's own tempo wish that moves it away from the home tempo.
    static let response = 0.1
    /// The furthest a passage's tempo moves from the home tempo, relative.
    static let largestMove = 0.02

    /// The tempo of each section: its passage's.
    static func steady(targets: [Double], moods: [Mood], seconds: [Double]) -> [Double] {
        let total = seconds.reduce(0, +)
        let home = total > 0 ? zip(targets, seconds).reduce(0) { $0 + $1.0 * $1.1 } / total : (targets.first ?? 100)
        return passageTempos(targets: targets, moods: moods, seconds: seconds).map { wish in
            home * (1 + (response * (wish / home - 1)).clamped(to: -largestMove...largestMove))
        }
    }

    /// Each section's passage's duration-weighted mean target.
    private static func passageTempos(targets: [Double], moods: [Mood], seconds: [Double]) -> [Double] {
        precondition(targets.count == moods.count && moods.count == seconds.count, "one target per section")
        var tempos: [Double] = []
        var passage: [Int] = []
        func close() {
            let weight = passage.reduce(0) { $0 + seconds[$1] }
            let tempo = passage.reduce(0) { $0 + targets[$1] * seconds[$1] } / max(weight, 1e-9)
            tempos += passage.map { _ in tempo }
            passage = []
        }
        for index in targets.indices {
            if !passage.isEmpty {
                let weight = passage.reduce(0) { $0 + seconds[$1] }
                let arousal = passage.reduce(0) { $0 + moods[$1].arousal * seconds[$1] } / max(weight, 1e-9)
                if abs(moods[index].arousal - arousal) >= sameMood { close() }
            }
            passage.append(index)
        }
        if !passage.isEmpty { close() }
        return tempos
    }
}
