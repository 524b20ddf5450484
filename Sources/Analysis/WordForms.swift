/// Finds the lexicon word inside a word the lexicon does not list: "saddened" is "sad",
/// "peacefulness" is "peace", "hopeless" is "hope" turned around, "overjoyed" is "joy" made
/// stronger.
///
/// A plain English morphology, not a stemmer: it strips one known ending or beginning at a time
/// and looks again, at most three times, undoing doubled consonants ("running", "saddened") and
/// y-to-i ("happiness", "worried"). What it strips says what happens to the mood: "-less" and
/// "un-", "dis-", "non-", "in-"/"im-" turn it around, "over-", "super-" strengthen it, "-ish"
/// weakens it; other endings keep it.
enum WordForms {
    /// A word's lexicon entry and what its form does to it.
    struct Match: Sendable, Equatable {
        var root: String
        var entry: WordLexicon.Entry
        /// Whether the form turns the root around ("unhappy", "hopeless"); twice cancels.
        var negated: Bool
        /// How strongly the form says the root ("overjoyed" 1.3, "darkish" 0.6).
        var scale: Double
    }

    /// How deep the stripping may go ("saddened" -> "sadden" -> "sad" is two steps).
    static let maximumSteps = 3

    /// Words that look derived but are not ("display" is not un-"play").
    static let notDerived: Set<String> = [
        "display", "discover", "discharge", "dismiss", "discuss", "distance", "disc", "uniform", "union", "unit",
        "universe", "university", "united", "under", "until", "unless", "interest", "inform", "instance",
        "important", "impress", "imprison", "nonsense", "news", "endless", "discard", "disease", "inside",
    ]

    /// The entry behind `word`, or nil when neither the word nor any form of it is known.
    static func match(_ word: String) -> Match? {
        if let entry = WordLexicon.entries[word] {
            return Match(root: word, entry: entry, negated: false, scale: 1)
        }
        guard !notDerived.contains(word) else { return nil }
        return derived(word, steps: maximumSteps)
    }

    private static func derived(_ word: String, steps: Int) -> Match? {
        guard steps > 0 else { return nil }
        for (prefix, effect) in prefixes where word.hasPrefix(prefix) && word.count >= prefix.count + 3 {
            let rest = String(word.dropFirst(prefix.count))
            // "in-"/"im-" only in front of a word listed as it is: "insecure", "impatient".
            if effect == .negateListedOnly, WordLexicon.entries[rest] == nil { continue }
            if var found = lookUp(rest, steps: steps - 1) {
                effect.apply(to: &found)
                return found
            }
        }
        for (suffix, replacements, effect) in suffixes where word.hasSuffix(suffix) && word.count >= suffix.count + 3 {
            let stem = String(word.dropLast(suffix.count))
            for candidate in candidates(stem: stem, replacements: replacements) {
                if var found = lookUp(candidate, steps: steps - 1) {
                    effect.apply(to: &found)
                    return found
                }
            }
        }
        return nil
    }

    private static func lookUp(_ word: String, steps: Int) -> Match? {
        if let entry = WordLexicon.entries[word] {
            return Match(root: word, entry: entry, negated: false, scale: 1)
        }
        return derived(word, steps: steps)
    }

    /// The stem as it is, with each replacement ending, and with a doubled last consonant undone.
    private static func candidates(stem: String, replacements: [String]) -> [String] {
        var found = replacements.map { stem + $0 }
        if let last = stem.last, stem.count >= 3, stem.dropLast().last == last, !"aeiouls".contains(last) {
            found.append(String(stem.dropLast()))
        }
        return found
    }

    /// What stripping a prefix or suffix does to the mood.
    enum Effect: Equatable {
        case keep, negate, negateListedOnly, strengthen, weaken

        func apply(to match: inout Match) {
            switch self {
            case .keep: break
            case .negate, .negateListedOnly: match.negated.toggle()
            case .strengthen: match.scale *= 1.3
            case .weaken: match.scale *= 0.6
            }
        }
    }

    static let prefixes: [(String, Effect)] = [
        ("un", .negate), ("dis", .negate), ("non", .negate), ("in", .negateListedOnly), ("im", .negateListedOnly),
        ("over", .strengthen), ("super", .strengthen), ("ultra", .strengthen), ("hyper", .strengthen),
    ]

    /// Endings, longest first, with the endings to try in their place ("" keeps the stem).
    static let suffixes: [(String, [String], Effect)] = [
        ("lessness", [""], .negate), ("lessly", [""], .negate), ("less", [""], .negate),
        ("fulness", [""], .keep), ("fully", [""], .keep), ("ful", [""], .keep),
        ("ically", ["ic"], .keep), ("ation", ["ate", "e", ""], .keep), ("ment", ["", "e"], .keep),
        ("iness", ["y"], .keep), ("ness", [""], .keep), ("ity", ["e", ""], .keep),
        ("ily", ["y"], .keep), ("ly", ["", "le", "e"], .keep),
        ("ied", ["y"], .keep), ("ies", ["y"], .keep), ("ier", ["y"], .keep), ("iest", ["y"], .keep),
        ("ing", ["", "e"], .keep), ("ed", ["", "e"], .keep), ("en", ["", "e"], .keep),
        ("est", ["", "e"], .keep), ("er", ["", "e"], .keep), ("ous", ["", "e"], .keep),
        ("ish", ["", "e"], .weaken), ("es", [""], .keep), ("s", [""], .keep), ("y", ["", "e"], .keep),
    ]
}
