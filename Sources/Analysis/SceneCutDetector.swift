/// Finds scene changes in a `FrameSeries`: hard cuts, fades through black and dissolves.
///
/// - Hard cut: a frame whose difference from the previous one (MAFD) is large both in absolute
///   terms and against the frames around it, so that steady or shaky motion, whose MAFD stays
///   high from frame to frame, does not count. A flash is rejected because the picture comes
///   back: some frame shortly after looks like the one before the jump (or, for the jump back,
///   some frame shortly before looks like the one after).
/// - Fade: a run of black pictures with content on both sides; the cut is the middle of its
///   darkest pictures (or the new scene's first picture when it appears at once after black).
/// - Dissolve: a stretch where every picture is the straight blend of the pictures at both ends
///   (checked at a quarter, half and three quarters), the ends differ clearly in content (not
///   only in light), and no single step carries the change. A pan or a zoom fails the blend
///   test. The cut is where the blend crosses over: its middle, for an even blend.
///
/// docs/analysis.md gives the thresholds and the reasons for them.
public struct SceneCutDetector: Sendable {
    /// Smallest MAFD (percent of full scale) of a hard cut.
    public var threshold: Double
    /// Shortest scene, in seconds: a change closer than this to the previous one is dropped.
    public var minimumSceneSeconds: Double
    /// Seconds between frames of the video, when known; otherwise the shortest common gap
    /// between decoded pictures, which overestimates it when B-frames were skipped.
    public var frameSeconds: Double?

    public init(threshold: Double = 6, minimumSceneSeconds: Double = 0.5) {
        self.threshold = threshold
        self.minimumSceneSeconds = minimumSceneSeconds
    }

    func cuts(in series: FrameSeries) -> [SceneCut] {
        guard series.count > 2 else { return [] }
        let interval = frameSeconds.flatMap { $0 > 0 ? $0 : nil } ?? series.frameInterval
        let hard = hardCuts(in: series, interval: interval)
        let fades = fadeCuts(in: series)
        let dissolves = dissolveCuts(in: series, interval: interval, avoiding: hard + fades)
        var kept: [SceneCut] = []
        for cut in (hard + fades + dissolves).sorted(by: { $0.time < $1.time }) {
            if let last = kept.last, cut.time - last.time < minimumSceneSeconds { continue }
            if cut.time <= 0.001 { continue }
            kept.append(cut)
        }
        return kept
    }

    /// Frames within `seconds` of frame `index`, as an index range.
    private func neighbourhood(_ series: FrameSeries, _ index: Int, seconds: Double) -> ClosedRange<Int> {
        var low = index, high = index
        while low > 0, series.times[index] - series.times[low - 1] <= seconds { low -= 1 }
        while high < series.count - 1, series.times[high + 1] - series.times[index] <= seconds { high += 1 }
        return low...high
    }

    func hardCuts(in series: FrameSeries, interval: Double) -> [SceneCut] {
        var cuts: [SceneCut] = []
        let steps = [0] + (1..<series.count).map { series.thumbnailDifference($0 - 1, $0) }
        for index in 1..<series.count {
            let difference = series.differences[index]
            guard difference >= threshold, !series.isBlack(index), !series.isBlack(index - 1) else { continue }
            let around = neighbourhood(series, index, seconds: 0.35)
            var sum = 0.0, thumbnailSum = 0.0, count = 0
            for other in around where other != index {
                sum += series.differences[other]
                thumbnailSum += steps[other]
                count += 1
            }
            let local = count > 0 ? sum / Double(count) : 0
            let localThumbnail = count > 0 ? thumbnailSum / Double(count) : 0
            let jump = steps[index]
            guard jump >= threshold * 0.5 else { continue }
            // Fine texture (noise, cellular patterns) keeps the full-size difference high from
            // frame to frame; on 16x9 thumbnails it averages out and a change of shot stands out.
            guard difference >= 2.2 * local + 2 || jump >= 3 * localThumbnail + 1.5 else { continue }
            if isFlash(series, at: index, jump: jump) { continue }
            let before = series.times[index - 1], after = series.times[index]
            let missing = Int(((after - before) / interval).rounded()) - 1
            if missing >= 1 {
                // Undecoded frames between: until they are decoded, guess the middle one.
                let guess = before + Double((missing + 2) / 2) * interval
                cuts.append(SceneCut(time: min(after, guess), kind: .hard, gap: before...after))
            } else {
                cuts.append(SceneCut(time: after, kind: .hard))
            }
        }
        return cuts
    }

    /// Whether the jump into frame `index` is a flash: the picture comes back within 0.5 s.
    private func isFlash(_ series: FrameSeries, at index: Int, jump: Double) -> Bool {
        let around = neighbourhood(series, index, seconds: 0.5)
        for later in (index + 1)..<(around.upperBound + 1) where series.thumbnailDifference(index - 1, later) < 0.3 * jump {
            return true
        }
        for earlier in around.lowerBound..<(index - 1) where series.thumbnailDifference(earlier, index) < 0.3 * jump {
            return true
        }
        return false
    }

    func fadeCuts(in series: FrameSeries) -> [SceneCut] {
        var cuts: [SceneCut] = []
        var index = 0
        while index < series.count {
            guard series.isBlack(index) else {
                index += 1
                continue
            }
            var end = index
            while end + 1 < series.count, series.isBlack(end + 1) { end += 1 }
            if index > 0, end < series.count - 1 {
                cuts.append(SceneCut(time: fadeTime(series, black: index...end), kind: .fade))
            }
            index = end + 1
        }
        return cuts
    }

    /// Where a change through black is placed: in the middle of the darkest pictures, unless the
    /// new scene appears at once (then at its first picture) or the old one ends at once (then
    /// at the first black picture).
    private func fadeTime(_ series: FrameSeries, black: ClosedRange<Int>) -> Double {
        let after = black.upperBound + 1, before = black.lowerBound - 1
        let settled = min(series.count - 1, after + 4), lead = max(0, before - 4)
        let appearsAtOnce = series.thumbnailDifference(black.upperBound, after)
            >= 0.7 * series.thumbnailDifference(black.upperBound, settled)
        let endsAtOnce = series.thumbnailDifference(before, black.lowerBound)
            >= 0.7 * series.thumbnailDifference(lead, black.lowerBound)
        if appearsAtOnce && !endsAtOnce { return series.times[after] }
        if endsAtOnce && !appearsAtOnce { return series.times[black.lowerBound] }
        let darkest = black.map { series.meanLuma[$0] }.min() ?? 0
        let deep = black.filter { series.meanLuma[$0] <= darkest + 3 }
        return (series.times[deep.first ?? black.lowerBound] + series.times[deep.last ?? black.upperBound]) / 2
    }

    func dissolveCuts(in series: FrameSeries, interval: Double, avoiding others: [SceneCut]) -> [SceneCut] {
        let lengths = Array(Set(stride(from: 0.4, through: 2.0, by: 0.2).map { max(4, Int(($0 / interval).rounded())) }))
            .sorted()
        var candidates: [Blend] = []
        // Black pictures and hard cuts end any blend.
        var blackBefore = [Int](repeating: 0, count: series.count + 1)
        for index in 0..<series.count { blackBefore[index + 1] = blackBefore[index] + (series.isBlack(index) ? 1 : 0) }
        let steps = [0] + (1..<series.count).map { series.thumbnailDifference($0 - 1, $0) }
        for end in 1..<series.count {
            for length in lengths where length <= end {
                let start = end - length
                guard blackBefore[end + 1] == blackBefore[start] else { continue }
                let strength = series.thumbnailDifference(start, end)
                guard strength >= 12 else { continue }
                let quarter = start + length / 4, middle = start + length / 2, threeQuarters = start + 3 * length / 4
                let limit = 0.2 * strength
                guard series.blendResidual(middle, between: start, and: end) < limit,
                    series.blendResidual(quarter, between: start, and: end) < limit,
                    series.blendResidual(threeQuarters, between: start, and: end) < limit
                else { continue }
                guard let largestStep = steps[(start + 1)...end].max(), largestStep < 0.35 * strength else { continue }
                // One picture growing brighter or darker is a fade within a scene, not a change of scene.
                guard series.rankCorrelation(start, end) < 0.7 else { continue }
                candidates.append(((series.times[start] + series.times[end]) / 2, strength, length, end))
            }
        }
        var cuts: [SceneCut] = []
        for group in Self.overlapping(candidates) { settle(group, in: series, avoiding: others, into: &cuts) }
        return cuts.sorted { $0.time < $1.time }
    }

    typealias Blend = (center: Double, strength: Double, length: Int, end: Int)

    /// Blends whose windows overlap, joined into groups: one transition each, at first sight.
    static func overlapping(_ blends: [Blend]) -> [[Blend]] {
        var groups: [[Blend]] = [], group: [Blend] = [], groupEnd = -1
        for blend in blends.sorted(by: { $0.end - $0.length < $1.end - $1.length }) {
            if !group.isEmpty, blend.end - blend.length > groupEnd {
                groups.append(group)
                group = []
            }
            group.append(blend)
            groupEnd = max(groupEnd, blend.end)
        }
        if !group.isEmpty { groups.append(group) }
        return groups
    }

    /// Places the cut of a group of overlapping blends, then looks again at the blends that lie
    /// wholly outside the chosen one: a slowly changing shot between two dissolves looks like a
    /// weak blend overlapping both and would otherwise join them into one transition. A blend
    /// that only continues the chosen one through a dim picture (the old shot dims, the new one
    /// brightens out of the dark) is the same change and adds no cut; so is one less than half as
    /// strong as the chosen one, or one whose shots keep changing on both sides (the drift of a
    /// slowly changing shot beside a dissolve, where a true blend has a still shot at one end).
    private func settle(
        _ group: [Blend], in series: FrameSeries, avoiding others: [SceneCut],
        beside chosen: (window: ClosedRange<Int>, strength: Double)? = nil, into cuts: inout [SceneCut]
    ) {
        guard let strongest = group.map(\.strength).max() else { return }
        if let chosen, strongest < 0.5 * chosen.strength { return }
        // Of the strong blends, the one whose ends differ most in shape: a change of light
        // overlapping a dissolve keeps its shape, the dissolve does not.
        let strong = group.filter { $0.strength >= 0.85 * strongest }
        let best = strong.min {
            series.rankCorrelation($0.end - $0.length, $0.end) < series.rankCorrelation($1.end - $1.length, $1.end)
        }!
        let start = best.end - best.length
        if let chosen,
            Self.dipsThroughDark(series, from: min(start, chosen.window.lowerBound), to: max(best.end, chosen.window.upperBound))
                || !Self.holdsAtOneEnd(series, from: start, to: best.end, strength: best.strength)
        {
            return
        }
        // The cut is where the blend crosses over: the first picture closer to the new scene.
        let crossing = (start...best.end).first {
            series.thumbnailDifference($0, best.end) <= series.thumbnailDifference($0, start)
        } ?? best.end
        let time = series.times[crossing]
        if !others.contains(where: { abs($0.time - time) < 1.0 }) {
            cuts.append(SceneCut(time: time, kind: .dissolve))
        }
        let outside = group.filter { $0.end - $0.length >= best.end || $0.end <= start }
        for rest in Self.overlapping(outside) {
            settle(rest, in: series, avoiding: others, beside: (start...best.end, best.strength), into: &cuts)
        }
    }

    /// Whether the picture before `first` or after `last` (half the blend's length away) stays
    /// close to it: one of the two shots a dissolve joins is still there.
    static func holdsAtOneEnd(_ series: FrameSeries, from first: Int, to last: Int, strength: Double) -> Bool {
        let reach = max(2, (last - first) / 2)
        let before = series.thumbnailDifference(max(0, first - reach), first)
        let after = series.thumbnailDifference(last, min(series.count - 1, last + reach))
        return min(before, after) < 0.25 * strength
    }

    /// Whether the pictures between `first` and `last` sink well below the light of both ends.
    static func dipsThroughDark(_ series: FrameSeries, from first: Int, to last: Int) -> Bool {
        let ends = min(series.meanLuma[first], series.meanLuma[last])
        let darkest = series.meanLuma[first...last].min() ?? ends
        return darkest < 0.6 * ends
    }

    /// Places a hard cut among pictures decoded between the two it was seen between: the first
    /// one that looks more like the picture after than the one before.
    static func refined(
        _ cut: SceneCut, in series: FrameSeries, between pictures: [(time: Double, thumbnail: [UInt8])]
    ) -> SceneCut {
        guard let gap = cut.gap,
            let before = series.times.firstIndex(where: { abs($0 - gap.lowerBound) < 0.0005 }),
            before + 1 < series.count
        else { return cut }
        let last = series.thumbnail(before), next = series.thumbnail(before + 1)
        for picture in pictures.sorted(by: { $0.time < $1.time })
        where picture.time > gap.lowerBound + 0.0005 && picture.time < gap.upperBound - 0.0005 {
            let thumb = picture.thumbnail[...]
            if FrameSeries.difference(thumb, next) < FrameSeries.difference(thumb, last) {
                return SceneCut(time: picture.time, kind: .hard)
            }
        }
        return pictures.isEmpty ? cut : SceneCut(time: gap.upperBound, kind: .hard)
    }
}
