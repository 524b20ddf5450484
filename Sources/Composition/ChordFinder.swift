/// A chord per bar from the notes: the chord template (major, minor, diminished, three
/// sevenths, on every root) closest to the bar's pitch classes by cosine, with a little weight
/// for a root in the bass and for chords of the key. A bar of four or more beats is split in
/// halves when each half fits a different chord clearly better than the whole bar fits one.
enum ChordFinder {
    static func chords(in bars: [Bar], weights: PitchWeights, key: FoundKey) -> [FoundChord] {
        let scale = Set((0..<7).map { ((key.key.pitch(ofDegree: $0) % 12) + 12) % 12 })
        var chords: [FoundChord] = []
        for bar in bars {
            let whole = best(weights.sounding(from: bar.startTick, to: bar.endTick), scale: scale)
            var pieces = [(bar.startTick, bar.endTick, whole)]
            if bar.eighths >= 8 && bar.eighths % 4 == 0 {
                let middle = bar.startTick + bar.ticks / 2
                let first = best(weights.sounding(from: bar.startTick, to: middle), scale: scale)
                let second = best(weights.sounding(from: middle, to: bar.endTick), scale: scale)
                if let first, let second, let whole, first.root != second.root || first.quality != second.quality,
                    min(first.score, second.score) > whole.score + 0.08
                {
                    pieces = [(bar.startTick, middle, first), (middle, bar.endTick, second)]
                }
            }
            for (start, end, found) in pieces {
                if let found {
                    chords.append(
                        FoundChord(
                            startTick: start, endTick: end, root: found.root, quality: found.quality,
                            confidence: (found.cosine * 1000).rounded() / 1000))
                } else if var held = chords.last {
                    // Silence holds the chord before, with no confidence.
                    held.startTick = start
                    held.endTick = end
                    held.confidence = 0
                    chords.append(held)
                } else {
                    chords.append(
                        FoundChord(startTick: start, endTick: end, root: key.tonic, quality: key.isMajor ? .major : .minor, confidence: 0))
                }
            }
        }
        return chords
    }

    /// The best chord for what sounds (nil when nothing does): a root in the bass counts.
    static func best(
        _ sounding: (weights: [Double], bass: Int?), scale: Set<Int>
    ) -> (root: Int, quality: ChordQuality, cosine: Double, score: Double)? {
        let weights = sounding.weights
        let length = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 0 else { return nil }
        let loudest = weights.indices.max { weights[$0] < weights[$1] }!
        var best: (root: Int, quality: ChordQuality, cosine: Double, score: Double)?
        for root in 0..<12 {
            for quality in ChordQuality.allCases {
                let tones = quality.intervals.map { (root + $0) % 12 }
                let cosine = tones.reduce(0) { $0 + weights[$1] } / (length * Double(tones.count).squareRoot())
                var score = cosine
                if tones.allSatisfy(scale.contains) { score += 0.03 }
                if loudest == root { score += 0.02 }
                if sounding.bass == root { score += 0.05 }
                if best == nil || score > best!.score { best = (root, quality, cosine, score) }
            }
        }
        return best
    }
}
