/// Smooths the tempo between sections: where the next section is noticeably faster or slower,
/// the last bar of this one moves beat by beat most of the way towards it (an accelerando or a
/// ritardando) instead of jumping at the cut.
///
/// The ramp changes the speed inside the bar, not the section's length: the tempo map scales the
/// rest of the section so that the next section still starts exactly on its cut.
enum TempoRamp {
    /// Tempo ratios closer to 1 than this are left as a step.
    static let threshold = 0.02
    /// How far towards the next tempo the ramp's last beat goes.
    static let reach = 0.7

    /// Per stretch of `plan`, (tick from the stretch's start, relative speed) pairs.
    static func shapes(
        for plan: MeterPlanner.Plan, spans: [SectionPlanner.Span], ticksPerQuarter: Int
    ) -> [[(tick: Int, speed: Double)]] {
        let bpms = spans.indices.map { section in
            let eighths = plan.stretchSection.indices.filter { plan.stretchSection[$0] == section }
                .reduce(0) { $0 + plan.stretchEighths[$1] }
            return Double(eighths) * 30 / spans[section].seconds
        }
        return plan.stretchSection.indices.map { stretch in
            let section = plan.stretchSection[stretch]
            let isLastOfSection =
                stretch + 1 == plan.stretchSection.count || plan.stretchSection[stretch + 1] != section
            let bars = plan.stretchBarLengths[stretch]
            guard isLastOfSection, section + 1 < spans.count, bars.count >= 2, bars.last == 8 else { return [] }
            let ratio = bpms[section + 1] / bpms[section]
            guard abs(ratio - 1) >= threshold else { return [] }
            let lastBar = (plan.stretchEighths[stretch] - 8) * ticksPerQuarter / 2
            return (0..<4).map { beat in
                (lastBar + beat * ticksPerQuarter, 1 + (ratio - 1) * reach * Double(beat + 1) / 4)
            }
        }
    }
}
