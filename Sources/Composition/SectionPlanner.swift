import Analysis

/// Decides where sections start and how many bars each one has.
///
/// Cuts closer together than `minimumSeconds` do not each start a section: short scenes are merged
/// into a neighbour, their moods averaged by duration. Each section then gets a whole number of
/// bars, chosen so that the tempo that fills it exactly stays near the tempo its mood asks for and
/// near the tempo of the section before.
enum SectionPlanner {
    /// A stretch of video that becomes one section.
    struct Span: Sendable, Equatable {
        var start: Double
        var end: Double
        var mood: Mood

        var seconds: Double { end - start }
    }

    static let minimumSeconds = 4.0
    /// Tempos the bar fitting may choose from, in beats per minute (widened around a requested
    /// tempo outside it).
    static let bpmRange = 48.0...180.0
    /// How much a tempo jump between neighbours costs, relative to missing the mood's tempo.
    static let smoothness = 0.3

    /// The tempo a mood asks for: 100 + 35 arousal + 7 valence, clamped to 60...160.
    static func targetBPM(for mood: Mood) -> Double {
        (100 + 35 * mood.arousal + 7 * mood.valence).clamped(to: 60...160)
    }

    /// The tempo a section asks for when the piece should centre on `centre` bpm (`--tempo`):
    /// the mood's tempo scaled by how far it lies from the tempo of the overall mood.
    static func targetBPM(for mood: Mood, centre: Double, overall: Mood) -> Double {
        (centre * targetBPM(for: mood) / targetBPM(for: overall)).clamped(to: 30...300)
    }

    /// Spans from 0 to `duration` following the scenes (or, without scenes, the cuts), with short
    /// ones merged away.
    static func spans(scenes: [Scene], cuts: [Double], duration: Double) -> [Span] {
        var starts: [(seconds: Double, mood: Mood)]
        if scenes.isEmpty {
            starts = [(0, .neutral)] + cuts.sorted().map { ($0, .neutral) }
        } else {
            starts = scenes.sorted { $0.start < $1.start }.map { ($0.start, $0.mood) }
            starts[0].seconds = 0
        }
        var spans: [Span] = []
        for (index, start) in starts.enumerated() where start.seconds < duration {
            let end = index + 1 < starts.count ? min(starts[index + 1].seconds, duration) : duration
            if end > start.seconds {
                spans.append(Span(start: max(0, start.seconds), end: end, mood: start.mood))
            }
        }
        if spans.isEmpty { spans = [Span(start: 0, end: duration, mood: .neutral)] }
        spans[0].start = 0
        spans[spans.count - 1].end = duration
        return mergingShort(spans)
    }

    /// Merges the shortest span into its shorter neighbour until every span lasts at least
    /// `minimumSeconds` (or only one is left).
    static func mergingShort(_ spans: [Span], minimumSeconds: Double = minimumSeconds) -> [Span] {
        var spans = spans
        while spans.count > 1 {
            let shortest = spans.indices.min { spans[$0].seconds < spans[$1].seconds }!
            guard spans[shortest].seconds < minimumSeconds else { break }
            let neighbour: Int
            if shortest == 0 {
                neighbour = 1
            } else if shortest == spans.count - 1 {
                neighbour = shortest - 1
            } else {
                neighbour = spans[shortest - 1].seconds <= spans[shortest + 1].seconds ? shortest - 1 : shortest + 1
            }
            let first = min(shortest, neighbour)
            spans[first] = merged(spans[first], spans[first + 1])
            spans.remove(at: first + 1)
        }
        return spans
    }

    private static func merged(_ earlier: Span, _ later: Span) -> Span {
        let total = earlier.seconds + later.seconds
        let w1 = total > 0 ? earlier.seconds / total : 0.5
        let w2 = 1 - w1
        let a = earlier.mood
        let b = later.mood
        let mood = Mood(
            valence: w1 * a.valence + w2 * b.valence, arousal: w1 * a.arousal + w2 * b.arousal,
            tension: w1 * a.tension + w2 * b.tension, pace: w1 * a.pace + w2 * b.pace,
            density: w1 * a.density + w2 * b.density)
        return Span(start: earlier.start, end: later.end, mood: mood)
    }

    /// A whole number of bars for each span (at least one), chosen together by dynamic programming:
    /// the cost of a choice is its squared relative distance from the mood's tempo plus
    /// `smoothness` times the squared relative distance from the previous section's tempo.
    ///
    /// `targets` are the tempos the sections ask for; by default each mood's `targetBPM`.
    static func bars(for spans: [Span], beatsPerBar: Int, targets: [Double]? = nil) -> [Int] {
        let targets = targets ?? spans.map { targetBPM(for: $0.mood) }
        let candidates = spans.indices.map {
            candidateBars(for: spans[$0], target: targets[$0], beatsPerBar: beatsPerBar)
        }
        func bpm(_ bars: Int, _ span: Span) -> Double { Double(bars * beatsPerBar) * 60 / span.seconds }
        func deviation(_ bars: Int, _ index: Int) -> Double {
            let distance = relativeDistance(bpm(bars, spans[index]), targets[index])
            return distance * distance
        }

        var costs = candidates[0].map { deviation($0, 0) }
        var backPointers: [[Int]] = [Array(repeating: 0, count: costs.count)]
        for index in spans.indices.dropFirst() {
            let span = spans[index]
            let previousSpan = spans[index - 1]
            var nextCosts: [Double] = []
            var pointers: [Int] = []
            for bars in candidates[index] {
                let tempo = bpm(bars, span)
                var best = (cost: Double.infinity, from: 0)
                for (k, previousBars) in candidates[index - 1].enumerated() {
                    let jump = relativeDistance(tempo, bpm(previousBars, previousSpan))
                    let cost = costs[k] + smoothness * jump * jump
                    if cost < best.cost { best = (cost, k) }
                }
                nextCosts.append(best.cost + deviation(bars, index))
                pointers.append(best.from)
            }
            costs = nextCosts
            backPointers.append(pointers)
        }

        var choice = costs.indices.min { costs[$0] < costs[$1] }!
        var result = Array(repeating: 1, count: spans.count)
        for index in spans.indices.reversed() {
            result[index] = candidates[index][choice]
            choice = backPointers[index][choice]
        }
        return result
    }

    /// 2(a - b)/(a + b): close to log(a/b) near 1, symmetric, and needs no math library.
    private static func relativeDistance(_ a: Double, _ b: Double) -> Double {
        2 * (a - b) / (a + b)
    }

    /// Bar counts whose tempo lies within a quarter of the mood's tempo, and the two counts either
    /// side of the ideal (a short section may have no count near its mood's tempo), all inside
    /// `bpmRange` where possible.
    private static func candidateBars(for span: Span, target: Double, beatsPerBar: Int) -> [Int] {
        let barsPerBeatPerMinute = span.seconds / 60 / Double(beatsPerBar)
        let bpmRange = min(Self.bpmRange.lowerBound, target * 0.75)...max(Self.bpmRange.upperBound, target * 1.25)
        let ideal = target * barsPerBeatPerMinute
        let low = max(1, Int((target * 0.75 * barsPerBeatPerMinute).rounded(.up)))
        let high = Int((target * 1.25 * barsPerBeatPerMinute).rounded(.down))
        var candidates = Set(low <= high ? Array(low...high) : [])
        candidates.insert(max(1, Int(ideal.rounded(.down))))
        candidates.insert(max(1, Int(ideal.rounded(.up))))
        let inRange = candidates.filter { bpmRange.contains(Double($0) / barsPerBeatPerMinute) }
        return (inRange.isEmpty ? candidates : inRange).sorted()
    }
}
