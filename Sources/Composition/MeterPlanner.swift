/// Fits bars between the cuts inside a section, so that every cut, not only a section's first,
/// lands on a downbeat.
///
/// A section has a tempo (from `SectionPlanner`). Each stretch between two cuts gets a whole
/// number of eighth notes near what that tempo would fill, its tempo nudged so that they fill it
/// exactly; the stretch is then regular 4/4 bars and, just before the cut, one irregular bar
/// (2/4, 3/4, 5/8, 7/8, 5/4, ...) that takes up the remainder (or two, 3/4 and 5/8, instead of
/// 11/8). Regular bars and the even bars (2/4, 3/4) are preferred to odd ones, and all of them
/// to a large tempo nudge; a section's first stretch also prefers to land within
/// `largestLanding` of the tempo the section before landed on (in a style without swing).
enum MeterPlanner {
    /// How much an irregular bar of `remainder` eighths costs, on the scale of a squared relative
    /// tempo change (0.0004 is a 2 % nudge): a steady pulse is worth an irregular bar.
    static func remainderCost(_ remainder: Int, swung: Bool = false) -> Double {
        if swung && remainder % 2 == 1 { return swungOddCost }
        return switch remainder {
        case 0: 0
        case 4: 0.0002  // 2/4
        case 6: 0.0003  // 3/4
        case 2: 0.00045  // 5/4, or 1/4 alone
        case 5, 7: 0.0006  // 5/8, 7/8
        default: 0.001  // 9/8, 3/4 + 5/8, or 1/8 and 3/8 alone
        }
    }

    /// What an odd number of eighths costs in a swung style, as much as a 5 % nudge. Swing pairs
    /// the eighths long-short; a 5/8 or 7/8 bar leaves one unpaired and starts every later bar
    /// half a beat off the pulse counted so far, the kind of bar a lo-fi drummer never plays,
    /// where a small push or drag of the tempo goes unnoticed. (A lo-fi score of the city clip
    /// and the trailer, 62 s with six half-beat bars, measured a MusPy groove consistency of
    /// 0.82-0.84: the swung hats shifted half a beat no longer line up with the bar before.)
    static let swungOddCost = 0.0025

    /// The furthest a section aims from the tempo the section before landed on, relative.
    static let largestStep = 0.03

    /// The furthest a section's first stretch lands from the tempo the section before landed on
    /// before it costs `farLandingCost` more (as much as a 4.5 % nudge): passages' tempos differ
    /// by 4 % at most (`TempoPlanner`), and the nudges that fit two sections' bars, one up and
    /// one down, made the step between a short piece's two passages 4.7 %, where an irregular
    /// bar would have gone unnoticed.
    static let largestLanding = 0.04
    static let farLandingCost = 0.002

    /// The largest tempo nudge considered, relative to the section's tempo.
    static let largestNudge = 0.2

    /// Eighth notes for a stretch of `seconds` at about `bpm`. With `wholeBars`, only whole 4/4
    /// bars (used for the last stretch of the piece, which ends on a held bar).
    static func eighths(
        seconds: Double, bpm: Double, wholeBars: Bool = false, swung: Bool = false, near previous: Double? = nil
    ) -> Int {
        let ideal = seconds * bpm / 30
        let unit = wholeBars ? 8 : 1
        let nearest = max(unit, Int((ideal / Double(unit)).rounded()) * unit)
        var best = (eighths: nearest, cost: Double.infinity)
        var candidate = max(unit, (Int(ideal.rounded(.down)) - 4) / unit * unit)
        while Double(candidate) <= ideal + 4 + Double(unit) {
            let nudge = (Double(candidate) - ideal) / ideal
            if abs(nudge) <= largestNudge || candidate == nearest {
                var cost = nudge * nudge + remainderCost(candidate % 8, swung: swung)
                if let previous, abs(Double(candidate) * 30 / seconds / previous - 1) > largestLanding {
                    cost += farLandingCost
                }
                if cost < best.cost { best = (candidate, cost) }
            }
            candidate += unit
        }
        return best.eighths
    }

    /// The most the last stretch of a piece may hurry to fill a whole 4/4 bar, relative.
    static let finalSpeedUp = 0.03

    /// Eighth notes for the last stretch of a piece (at least three beats long): as any other
    /// where a whole bar fits; under a bar, 8 only if that hurries by no more than
    /// `finalSpeedUp`, else the eighths that fit without hurrying (6 or 7).
    static func finalEighths(seconds: Double, bpm: Double, swung: Bool = false, near previous: Double? = nil) -> Int {
        let ideal = seconds * bpm / 30
        guard ideal < 8 else { return max(8, eighths(seconds: seconds, bpm: bpm, swung: swung, near: previous)) }
        if 8 / ideal - 1 <= finalSpeedUp { return 8 }
        return max(6, Int(ideal.rounded(.down)))
    }

    /// Bar lengths in eighths for a stretch of `eighths`: 4/4 bars, then one irregular bar
    /// before the end. A remainder of one or two eighths lengthens the last bar (9/8, 5/4)
    /// rather than making a very short one, unless the stretch is shorter than a bar; three
    /// eighths make a 3/4 bar and a 5/8 bar, so that the odd eighth is carried by a short bar,
    /// not by a long 11/8 whose pulse a listener loses.
    static func barLengths(eighths: Int) -> [Int] {
        let whole = eighths / 8
        let remainder = eighths % 8
        if remainder == 0 { return Array(repeating: 8, count: whole) }
        if remainder >= 4 || whole == 0 { return Array(repeating: 8, count: whole) + [remainder] }
        if remainder == 3 { return Array(repeating: 8, count: whole - 1) + [6, 5] }
        return Array(repeating: 8, count: whole - 1) + [8 + remainder]
    }

    /// The bars of a whole piece and the stretches of time the tempo map must fit.
    struct Plan {
        /// Bar lengths in eighths, per section.
        var sectionBars: [[Int]]
        /// Seconds at which each stretch starts, and the end of the last: the video's cuts that
        /// fall inside sections as well as the section starts.
        var boundaries: [Double]
        /// Length of each stretch in eighths, and its bars (in eighths).
        var stretchEighths: [Int]
        var stretchBarLengths: [[Int]]
        /// Index of the section each stretch belongs to.
        var stretchSection: [Int]
    }

    /// A cut this close (in seconds) to a section's start or end, or to the cut before it, is
    /// already on that downbeat.
    static let sameCutSeconds = 0.02

    /// Bars for `spans`, where section `i` is played at about `bpms[i]`, and every cut in `cuts`
    /// (sorted) starts a bar; `swung` for a style with swing (see `swungOddCost`).
    static func plan(spans: [SectionPlanner.Span], bpms: [Double], cuts: [Double], swung: Bool = false) -> Plan {
        var plan = Plan(sectionBars: [], boundaries: [0], stretchEighths: [], stretchBarLengths: [], stretchSection: [])
        var previousBPM: Double?
        for (index, span) in spans.enumerated() {
            // Inside a passage, aim near where the section before actually landed, pulled a
            // third of the way back to the passage's tempo, so that the small nudges that fit
            // each section's bars neither add up to audible steps nor drift away. A new passage
            // takes its own tempo at once: the tempo moves where the mood does, in one step.
            // (never more than `largestStep` from where the section before landed).
            let samePassage = index > 0 && abs(bpms[index] - bpms[index - 1]) < 1e-6
            let bpm = previousBPM.map { previous in
                let aim = samePassage ? previous + (bpms[index] - previous) / 3 : bpms[index]
                return aim.clamped(to: previous * (1 - largestStep)...previous * (1 + largestStep))
            } ?? bpms[index]
            var inside: [Double] = []
            for cut in cuts where cut > span.start + sameCutSeconds && cut < span.end - sameCutSeconds {
                // Two cuts a few milliseconds apart share one downbeat.
                if cut > (inside.last ?? span.start) + sameCutSeconds { inside.append(cut) }
            }
            let points = [span.start] + inside + [span.end]
            var lengths: [Int] = []
            for k in 0..<(points.count - 1) {
                // The piece ends on a whole 4/4 bar (the final chord); an irregular bar, if the
                // tempo needs one, comes just before it. Where less than a 4/4 bar is left, the
                // final bar is 3/4 or 7/8 rather than a 4/4 rushed into (a held chord has no
                // audible metre, and an ending may slow down but should not hurry).
                // A cut in the last moments of the video leaves no room for a whole bar: the last
                // stretch is then one short bar, the final chord struck on the cut.
                let seconds = points[k + 1] - points[k]
                // A section's first stretch lands near where the section before did; in a swung
                // style keeping the eighths paired comes first (a landing near the section before
                // took stretches of 25 eighths in lo-fi).
                let previous = k == 0 && !swung ? previousBPM : nil
                let isPieceEnd = index == spans.count - 1 && k == points.count - 2 && seconds >= 180 / bpm
                let eighths =
                    isPieceEnd
                    ? Self.finalEighths(seconds: seconds, bpm: bpm, swung: swung, near: previous)
                    : max(1, Self.eighths(seconds: seconds, bpm: bpm, swung: swung, near: previous))
                let stretch: [Int] =
                    if !isPieceEnd {
                        barLengths(eighths: eighths)
                    } else if eighths >= 8 {
                        barLengths(eighths: eighths - 8) + [8]
                    } else {
                        [eighths]
                    }
                lengths += stretch
                plan.boundaries.append(points[k + 1])
                plan.stretchEighths.append(eighths)
                plan.stretchBarLengths.append(stretch)
                plan.stretchSection.append(index)
            }
            plan.sectionBars.append(lengths)
            previousBPM = Double(lengths.reduce(0, +)) * 30 / span.seconds
        }
        return plan
    }
}
