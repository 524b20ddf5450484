import Foundation
import Analysis

/// How intensely each section plays, 0 (bare) to 1 (full), from its arousal.
///
/// Two things decide it. The absolute arousal bounds it: a calm video stays calm, a driven one
/// stays driven. Within those bounds the video's own range of moods is spread over at least
/// `minimumSpan` of the scale, so that even a gentle trailer has its liveliest moments sound
/// clearly livelier than its calmest. The order of the sections' arousal is always kept.
enum IntensityPlanner {
    /// The least part of the intensity scale a video's sections spread over.
    static let minimumSpan = 0.45
    /// Arousal mapped to 5 % from the ends of the absolute scale: a logistic curve, steep in the
    /// middle and never flat, so that among very driven (or very calm) scenes the most driven
    /// still plays hardest.
    static let nearEnds = 0.75
    static let steepness = Foundation.log(19.0) / nearEnds

    static func intensities(for moods: [Mood]) -> [Double] {
        let absolute = moods.map { 1 / (1 + Foundation.exp(-steepness * $0.arousal)) }
        guard let low = absolute.min(), let high = absolute.max() else { return [] }
        let span = max(high - low, minimumSpan)
        let bottom = ((low + high) / 2 - span / 2).clamped(to: 0...(1 - span))
        guard high - low > 1e-9 else { return absolute.map { _ in bottom + span / 2 } }
        return absolute.map { bottom + ($0 - low) / (high - low) * span }
    }
}
