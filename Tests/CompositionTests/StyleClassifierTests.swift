import Analysis
import Testing

@testable import Composition

/// The styles are told apart by their notes: a nearest-centroid classifier over figures of the
/// score (per part: onsets per beat and the share of notes held a whole bar; drum hits per beat;
/// which General MIDI families play) names the right style for at least 95 % of 6 styles x 5
/// seeds x 3 videos, each left out of the centroids it is classified by.
@Suite("Style classifier")
struct StyleClassifierTests {
    /// The figures of one score, standardised later across all scores.
    static func features(of score: Score) -> [Double] {
        let beats = max(1, Double(score.tempoMap.tick(atSeconds: score.duration)) / Double(score.tempoMap.ticksPerQuarter))
        var features: [Double] = []
        let parts = score.tracks.filter { !$0.isDrums }
        let onsets = parts.map { Double(Set($0.notes.map(\.startTick)).count) / beats }
        features.append(onsets.reduce(0, +))
        features.append(onsets.max() ?? 0)
        let held = parts.flatMap(\.notes).filter { $0.durationTicks >= 4 * score.tempoMap.ticksPerQuarter }.count
        features.append(Double(held) / Double(max(1, parts.flatMap(\.notes).count)))
        features.append(Double(score.tracks.first { $0.isDrums }?.notes.count ?? 0) / beats)
        // General MIDI families (piano, chromatic percussion, organ, guitar, bass, strings, ...),
        // with the drum kit's program as one more.
        var families = Array(repeating: 0.0, count: 17)
        for track in score.tracks {
            families[track.isDrums ? 16 : track.program / 8] = 1
        }
        features += families
        features.append(Double(score.tracks.count))
        return features
    }

    @Test("a nearest-centroid classifier over the scores' figures names the style at least 95 % of the time")
    func stylesAreDistinct() {
        let videos = [MusicProfileTests.calm, MusicProfileTests.driven, MusicProfileTests.mixed]
        var samples: [(style: Int, features: [Double])] = []
        for (styleIndex, style) in MusicProfileTests.styles.enumerated() {
            for seed in UInt64(1)...5 {
                for scenes in videos {
                    let score = Composer(style: style, seed: seed).compose(
                        scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: scenes.last!.end)
                    samples.append((styleIndex, Self.features(of: score)))
                }
            }
        }
        let width = samples[0].features.count
        let count = Double(samples.count)
        var means = Array(repeating: 0.0, count: width)
        var spreads = Array(repeating: 0.0, count: width)
        for k in 0..<width {
            let values: [Double] = samples.map { $0.features[k] }
            let mean = values.reduce(0, +) / count
            let variance = values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / count
            means[k] = mean
            spreads[k] = max(1e-9, variance.squareRoot())
        }
        let standard: [(style: Int, values: [Double])] = samples.map { sample in
            let values: [Double] = (0..<width).map { (sample.features[$0] - means[$0]) / spreads[$0] }
            return (sample.style, values)
        }
        var confusion = Array(repeating: Array(repeating: 0, count: 6), count: 6)
        for (index, sample) in standard.enumerated() {
            var best = (style: -1, distance: Double.infinity)
            for style in 0..<6 {
                var centroid = Array(repeating: 0.0, count: width)
                var members = 0.0
                for (other, candidate) in standard.enumerated() where other != index && candidate.style == style {
                    for k in 0..<width { centroid[k] += candidate.values[k] }
                    members += 1
                }
                var distance = 0.0
                for k in 0..<width {
                    let difference = centroid[k] / members - sample.values[k]
                    distance += difference * difference
                }
                if distance < best.distance { best = (style, distance) }
            }
            confusion[sample.style][best.style] += 1
        }
        let correct = (0..<6).reduce(0) { $0 + confusion[$1][$1] }
        let accuracy = Double(correct) / Double(samples.count)
        #expect(accuracy >= 0.95, "accuracy \(accuracy), confusion (rows: true style) \(confusion)")
    }
}
