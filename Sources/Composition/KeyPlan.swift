/// Decides the key signature of each section: the home signature, moved one sharp up (brighter)
/// or one flat down (darker) where the mood's valence jumps by `shift` or more from the section
/// before, never more than `reach` from home.
///
/// Sections otherwise change mode, not key (see `Mode`), which keeps the whole piece in one set of
/// seven notes; a modulation is saved for the big changes of mood, where a listener should feel the
/// ground move.
enum KeyPlan {
    static let shift = 0.7
    static let reach = 1

    static func signatures(for spans: [SectionPlanner.Span], home: Int) -> [Int] {
        var signature = home
        return spans.indices.map { index in
            if index > 0 {
                let change = spans[index].mood.valence - spans[index - 1].mood.valence
                if abs(change) >= shift {
                    signature = (signature + (change > 0 ? 1 : -1)).clamped(to: (home - reach)...(home + reach))
                }
            }
            return signature
        }
    }
}
