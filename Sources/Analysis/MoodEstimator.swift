/// The encoders: from a scene's features to the shared mood vector, one modality at a time,
/// fused by confidence.
///
/// Picture: Valdez & Mehrabian (1994) found pleasure ~ 0.69 brightness + 0.22 saturation and
/// arousal ~ -0.31 brightness + 0.60 saturation; warm hues lean positive. Motion and cut rate
/// raise arousal (CMT 2021 ties motion to note density). Sound: louder and more percussive
/// raises arousal. Words: the project's lexicon. Each estimate carries a confidence per
/// dimension and the fusion is their confidence-weighted mean.
public enum MoodEstimator {
    struct Estimate {
        var valence: Double, valenceConfidence: Double
        var arousal: Double, arousalConfidence: Double
        var tension: Double, tensionConfidence: Double
    }

    static func picture(_ features: SceneFeatures, cutsPerMinute: Double) -> Estimate {
        let picture = features.picture
        let pleasure = 0.69 * picture.brightness + 0.22 * picture.saturation
        let valence = (pleasure - 0.33) * 4 + (picture.warmth - 0.5) * 0.6
        let motion = min(1, features.motion / 8)
        let visualArousal = (0.60 * picture.saturation - 0.31 * picture.brightness + 0.02) * 3
        let arousal = visualArousal + (motion - 0.3) * 1.6 + min(0.5, cutsPerMinute / 60)
        let tension = (1 - picture.brightness) * motion * 1.4 + max(0, 0.35 - picture.brightness)
        return Estimate(
            valence: valence, valenceConfidence: 0.6, arousal: arousal, arousalConfidence: 0.6,
            tension: tension, tensionConfidence: 0.5)
    }

    static func sound(_ features: SceneFeatures) -> Estimate? {
        guard let level = features.audioLevel, level > -60, let onsets = features.audioOnsetsPerSecond else {
            return nil
        }
        let arousal = (level + 28) / 14 + (onsets - 1.5) * 0.25
        return Estimate(
            valence: 0, valenceConfidence: 0, arousal: arousal, arousalConfidence: 0.5,
            tension: max(0, arousal) * 0.3, tensionConfidence: 0.2)
    }

    static func words(_ text: String?) -> Estimate? {
        guard let text, let mood = WordMood.mood(of: text) else { return nil }
        return Estimate(
            valence: mood.valence, valenceConfidence: mood.confidence * 0.8,
            arousal: mood.arousal, arousalConfidence: mood.confidence * 0.6,
            tension: mood.tension, tensionConfidence: mood.confidence * 0.6)
    }

    /// Fuses every available encoder; a prompt overrides the dimensions it speaks to.
    public static func mood(for features: SceneFeatures, cutsPerMinute: Double, prompt: String?) -> Mood {
        let estimates = [picture(features, cutsPerMinute: cutsPerMinute), sound(features), words(features.words)]
            .compactMap { $0 }
        func fuse(_ value: (Estimate) -> Double, _ weight: (Estimate) -> Double, default fallback: Double) -> Double {
            let total = estimates.reduce(0) { $0 + weight($1) }
            guard total > 0 else { return fallback }
            return estimates.reduce(0) { $0 + value($1) * weight($1) } / total
        }
        var valence = fuse({ $0.valence }, { $0.valenceConfidence }, default: 0).clamped(to: -1...1)
        var arousal = fuse({ $0.arousal }, { $0.arousalConfidence }, default: 0).clamped(to: -1...1)
        var tension = fuse({ $0.tension }, { $0.tensionConfidence }, default: 0.2).clamped(to: 0...1)
        if let prompt, let spoken = WordMood.mood(of: prompt) {
            // The person's words win where they say something: blend strongly towards them.
            let weight = 0.75
            valence = valence * (1 - weight) + spoken.valence * weight
            arousal = arousal * (1 - weight) + spoken.arousal * weight
            tension = tension * (1 - weight) + spoken.tension * weight
        }
        let density = (0.5 * min(1, features.picture.edgeDensity * 4) + 0.5 * min(1, features.motion / 8))
        return Mood(
            valence: valence, arousal: arousal, tension: tension,
            pace: 100 + 35 * arousal + 7 * valence, density: density)
    }

    /// Smooths moods across scenes so the music does not lurch at every cut: each scene keeps
    /// most of its own mood and leans towards its neighbours, weighted by their length.
    public static func smoothed(_ scenes: [SceneAnalysis]) -> [SceneAnalysis] {
        guard scenes.count > 2 else { return scenes }
        var result = scenes
        for index in scenes.indices {
            var weights = [(scenes[index].mood, 1.0)]
            for neighbour in [index - 1, index + 1] where scenes.indices.contains(neighbour) {
                let share = min(1, scenes[neighbour].end - scenes[neighbour].start) / max(1, scenes[index].end - scenes[index].start)
                weights.append((scenes[neighbour].mood, 0.2 * min(1, share)))
            }
            let total = weights.reduce(0) { $0 + $1.1 }
            func mean(_ value: (Mood) -> Double) -> Double { weights.reduce(0) { $0 + value($1.0) * $1.1 } / total }
            result[index].mood = Mood(
                valence: mean(\.valence), arousal: mean(\.arousal), tension: mean(\.tension),
                pace: mean(\.pace), density: mean(\.density))
        }
        return result
    }
}
