/// Mood carried by words: a small lexicon the project owns, for prompts and subtitles.
///
/// Each entry gives valence and arousal in -1...1 and tension in 0...1, in the spirit of the
/// affective norms of Warriner et al. (2013), rescaled and simplified by hand.
public enum WordMood {
    struct Entry {
        var valence: Double
        var arousal: Double
        var tension: Double
    }

    static let lexicon: [String: Entry] = [
        "happy": Entry(valence: 0.9, arousal: 0.5, tension: 0), "joy": Entry(valence: 0.9, arousal: 0.6, tension: 0),
        "joyful": Entry(valence: 0.9, arousal: 0.6, tension: 0), "love": Entry(valence: 0.9, arousal: 0.3, tension: 0),
        "bright": Entry(valence: 0.6, arousal: 0.2, tension: 0), "sunny": Entry(valence: 0.7, arousal: 0.2, tension: 0),
        "fun": Entry(valence: 0.8, arousal: 0.6, tension: 0), "party": Entry(valence: 0.7, arousal: 0.8, tension: 0),
        "celebrate": Entry(valence: 0.9, arousal: 0.7, tension: 0), "wonderful": Entry(valence: 0.9, arousal: 0.4, tension: 0),
        "calm": Entry(valence: 0.4, arousal: -0.8, tension: 0), "peaceful": Entry(valence: 0.6, arousal: -0.8, tension: 0),
        "quiet": Entry(valence: 0.2, arousal: -0.7, tension: 0.1), "gentle": Entry(valence: 0.5, arousal: -0.6, tension: 0),
        "morning": Entry(valence: 0.4, arousal: -0.3, tension: 0), "relax": Entry(valence: 0.6, arousal: -0.8, tension: 0),
        "slow": Entry(valence: 0, arousal: -0.6, tension: 0.1), "soft": Entry(valence: 0.3, arousal: -0.6, tension: 0),
        "sad": Entry(valence: -0.8, arousal: -0.4, tension: 0.3), "sorrow": Entry(valence: -0.8, arousal: -0.4, tension: 0.3),
        "cry": Entry(valence: -0.7, arousal: 0.1, tension: 0.4), "alone": Entry(valence: -0.6, arousal: -0.5, tension: 0.3),
        "lost": Entry(valence: -0.6, arousal: -0.1, tension: 0.5), "goodbye": Entry(valence: -0.5, arousal: -0.3, tension: 0.2),
        "dark": Entry(valence: -0.5, arousal: 0, tension: 0.6), "night": Entry(valence: -0.2, arousal: -0.1, tension: 0.4),
        "death": Entry(valence: -0.9, arousal: 0.2, tension: 0.7), "die": Entry(valence: -0.9, arousal: 0.3, tension: 0.7),
        "fear": Entry(valence: -0.8, arousal: 0.7, tension: 0.9), "danger": Entry(valence: -0.7, arousal: 0.8, tension: 0.9),
        "chase": Entry(valence: -0.2, arousal: 0.9, tension: 0.8), "fight": Entry(valence: -0.5, arousal: 0.9, tension: 0.8),
        "furious": Entry(valence: -0.7, arousal: 0.9, tension: 0.8), "angry": Entry(valence: -0.7, arousal: 0.8, tension: 0.7),
        "run": Entry(valence: 0, arousal: 0.7, tension: 0.5), "fast": Entry(valence: 0.1, arousal: 0.8, tension: 0.3),
        "epic": Entry(valence: 0.4, arousal: 0.9, tension: 0.5), "action": Entry(valence: 0.1, arousal: 0.9, tension: 0.6),
        "storm": Entry(valence: -0.4, arousal: 0.8, tension: 0.7), "war": Entry(valence: -0.8, arousal: 0.9, tension: 0.9),
        "mystery": Entry(valence: -0.1, arousal: 0.1, tension: 0.7), "suspense": Entry(valence: -0.3, arousal: 0.4, tension: 0.9),
        "exciting": Entry(valence: 0.6, arousal: 0.9, tension: 0.3), "dance": Entry(valence: 0.7, arousal: 0.8, tension: 0),
    ]

    /// The mood of a text and how sure we are (0 when no word is known, up to 0.9).
    public static func mood(of text: String) -> (valence: Double, arousal: Double, tension: Double, confidence: Double)? {
        var valence = 0.0, arousal = 0.0, tension = 0.0, matches = 0
        for word in words(in: text) {
            guard let entry = lexicon[word] ?? lexicon[stem(word)] else { continue }
            valence += entry.valence
            arousal += entry.arousal
            tension += entry.tension
            matches += 1
        }
        guard matches > 0 else { return nil }
        let count = Double(matches)
        return (valence / count, arousal / count, tension / count, min(0.9, 0.5 + 0.15 * count))
    }

    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }

    /// Strips a few English endings so that "chasing" finds "chase" and "cries" finds "cry".
    static func stem(_ word: String) -> String {
        for (suffix, replacement) in [("ing", "e"), ("ing", ""), ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ly", "")] {
            if word.hasSuffix(suffix), word.count > suffix.count + 2 {
                let candidate = String(word.dropLast(suffix.count)) + replacement
                if lexicon[candidate] != nil { return candidate }
            }
        }
        return word
    }
}
