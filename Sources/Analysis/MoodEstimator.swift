#if canImport(Glibc)
import Glibc
#endif

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
        let beats = min(1, (features.visualBeatsPerSecond ?? 0) / 2)
        let arousal = visualArousal + (motion - 0.3) * 1.6 + min(0.5, cutsPerMinute / 60) + beats * 0.3
        let tension = (1 - picture.brightness) * motion * 1.4 + max(0, 0.35 - picture.brightness)
        return Estimate(
            valence: valence, valenceConfidence: 0.6, arousal: arousal, arousalConfidence: 0.6,
            tension: tension, tensionConfidence: 0.5)
    }

    static func sound(_ features: SceneFeatures) -> Estimate? {
        guard let level = features.audioLevel, level > -60, let onsets = features.audioOnsetsPerSecond else {
            return nil
        }
        // Louder and denser onsets: more arousal (Eerola et al. 2013: dynamics and articulation
        // cues); a brighter spectrum leans positive and exciting (timbre, the weakest cue).
        let brightness = features.audioCentroid.map { (($0 - 1500) / 3000).clamped(to: -0.5...0.5) } ?? 0
        let arousal = (level + 28) / 14 + (onsets - 1.5) * 0.25 + brightness * 0.4
        // Speech says little about the music's mood: trust the sound less where people talk.
        let trust = 1 - 0.5 * (features.speechShare ?? 0)
        return Estimate(
            valence: brightness * 0.5, valenceConfidence: 0.15 * trust, arousal: arousal, arousalConfidence: 0.5 * trust,
            tension: max(0, arousal) * 0.3 + max(0, -brightness) * 0.3, tensionConfidence: 0.2 * trust)
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
        var arousal = softLimited(fuse({ $0.arousal }, { $0.arousalConfidence }, default: 0))
        var tension = fuse({ $0.tension }, { $0.tensionConfidence }, default: 0.2).clamped(to: 0...1)
        if let prompt, let spoken = WordMood.mood(of: prompt) {
            // The person's words win where they say something: blend strongly towards them.
            let weight = 0.75
            valence = valence * (1 - weight) + spoken.valence * weight
            arousal = arousal * (1 - weight) + spoken.arousal * weight
            tension = tension * (1 - weight) + spoken.tension * weight
        }
        let onsets = min(1, (features.audioOnsetsPerSecond ?? 0) / 4)
        let density = 0.4 * min(1, features.picture.edgeDensity * 4) + 0.4 * min(1, features.motion / 8) + 0.2 * onsets
        // Pace: Wallis et al. (2008) tempo from arousal and valence; a confident tempo of the
        // source sound pulls it towards that tempo (folded into 70...160 BPM).
        var pace = 100 + 35 * arousal + 7 * valence
        if let bpm = features.audioTempo, let confidence = features.audioTempoConfidence, confidence > 0.3 {
            var folded = bpm
            while folded < 70 { folded *= 2 }
            while folded > 160 { folded /= 2 }
            pace = pace * (1 - confidence * 0.5) + folded * confidence * 0.5
        }
        return Mood(valence: valence, arousal: arousal, tension: tension, pace: pace, density: density)
    }

    /// Arousal kept within -1...1 without flattening its ends: unchanged within ±`knee`, and
    /// beyond it brought ever closer to ±1, so that among very driven scenes (a music video's
    /// fused estimates reach 2-3) the more driven stays the more aroused, where a plain clamp
    /// made them all 1 and the music could no longer tell its liveliest scene from the rest.
    static func softLimited(_ value: Double, knee: Double = 0.7) -> Double {
        let excess = abs(value) - knee
        guard excess > 0 else { return value }
        let limited = knee + (1 - knee) * (1 - exp(-excess / 0.6))
        return value < 0 ? -limited : limited
    }

    /// Smooths moods across scenes so the music does not lurch at every cut: each scene keeps
    /// most of its own mood and leans towards its neighbours, weighted by their length; then,
    /// with hysteresis, a scene whose smoothed valence and arousal moved less than
    /// `hysteresis` from the scene before keeps that scene's mood.
    public static func smoothed(_ scenes: [SceneAnalysis], hysteresis: Double = 0.12) -> [SceneAnalysis] {
        guard scenes.count > 1 else { return scenes }
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
        for index in result.indices.dropFirst() {
            let previous = result[index - 1].mood, current = result[index].mood
            if abs(current.valence - previous.valence) < hysteresis && abs(current.arousal - previous.arousal) < hysteresis {
                result[index].mood = previous
            }
        }
        return result
    }
}
