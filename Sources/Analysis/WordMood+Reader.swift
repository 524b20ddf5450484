extension WordMood {
    /// Reads a text's words one at a time, keeping what the small words ask of the next mood word.
    struct Reader {
        /// One mood word as it counts in the text.
        struct Contribution {
            var valence: Double
            var arousal: Double
            var tension: Double
            var weight: Double
            var negated: Bool
            var word: String
            var position: Int
        }

        private(set) var contributions: [Contribution] = []
        /// Words read so far.
        private var position = 0
        /// A negation waiting for its mood word: until which position it reaches, how strongly.
        private var negation: (until: Int, strength: Double)?
        /// An intensifier, softener or manner adverb waiting for its mood word.
        private var pending: (scale: Double, arousal: Double, adverb: String?, until: Int)?

        /// Words a scale or adverb waits for its mood word.
        static let modifierReach = 2

        mutating func apply(_ modifier: WordLexicon.Modifier, spelt: String) {
            switch modifier {
            case .negator:
                negation = (position + WordMood.negationReach, 1)
            case .scale(let factor):
                pending = (
                    (pending?.scale ?? 1) * factor, pending?.arousal ?? 0, pending?.adverb,
                    position + Self.modifierReach
                )
            case .manner(let factor, let arousal):
                pending = (
                    (pending?.scale ?? 1) * factor, (pending?.arousal ?? 0) + arousal, spelt,
                    position + Self.modifierReach
                )
            case .emphasis:
                if var waiting = negation {
                    waiting.strength = 1.3  // "not at all happy"
                    negation = waiting
                } else if let last = contributions.indices.last, contributions[last].negated,
                    position - contributions[last].position <= 2
                {
                    contributions[last].valence = (contributions[last].valence * 1.3).clamped(to: -1...1)
                    contributions[last].arousal = (contributions[last].arousal * 1.3).clamped(to: -1...1)
                    contributions[last].weight *= 1.3
                }
            case .contrast:
                for index in contributions.indices { contributions[index].weight *= WordMood.beforeContrast }
                endClause()
            }
        }

        /// "not happy or calm": "or" right after a negated word carries the negation on.
        mutating func reopenNegation() {
            guard let last = contributions.last, last.negated, last.position == position - 1 else { return }
            negation = (position + WordMood.negationReach, 1)
        }

        mutating func add(_ match: WordForms.Match) {
            var entry = match.negated ? Self.negated(match.entry, strength: 1) : match.entry
            var scale = match.scale * (pending?.scale ?? 1)
            let negatedHere = negation != nil
            if let negation {
                entry = Self.negated(entry, strength: negation.strength)
                // "not very happy" is milder than "not happy": under a negation an intensifier softens.
                if scale > 1 { scale = 1 / scale }
                self.negation = nil
            }
            let arousalShift = pending?.arousal ?? 0
            pending = nil
            contributions.append(
                Contribution(
                    valence: (entry.valence * scale).clamped(to: -1...1),
                    arousal: (entry.arousal * scale + arousalShift).clamped(to: -1...1),
                    tension: (entry.tension * scale).clamped(to: 0...1),
                    weight: entry.salience * min(scale, 1.6), negated: negatedHere != match.negated,
                    word: (negatedHere != match.negated ? "not " : "") + match.root, position: position))
        }

        /// Moves past one word (or phrase); a modifier whose reach has run out lets go.
        mutating func advance() {
            position += 1
            if let waiting = negation, position > waiting.until { negation = nil }
            if let waiting = pending, position > waiting.until { expirePending() }
        }

        /// Punctuation: negations and modifiers end with their clause.
        mutating func pause() {
            endClause()
            position += 1
        }

        private mutating func endClause() {
            negation = nil
            expirePending()
        }

        /// A manner adverb with no mood word after it counts as a word itself ("walking quietly").
        private mutating func expirePending() {
            guard let adverb = pending?.adverb else {
                pending = nil
                return
            }
            pending = nil
            if let match = WordForms.match(adverb) { add(match) }
        }

        /// Negation shifts a word towards its opposite without reaching it: "not happy" is less sad
        /// than "sad", "not calm" is restless rather than frantic, and "not afraid" loses its tension.
        static func negated(_ entry: WordLexicon.Entry, strength: Double) -> WordLexicon.Entry {
            WordLexicon.Entry(
                (-0.6 * entry.valence * strength).clamped(to: -1...1),
                (-0.5 * entry.arousal * strength).clamped(to: -1...1),
                (1 - entry.tension) * 0.3)
        }

        /// The weighted mean of the contributions, or nil when there are none.
        mutating func reading() -> WordMood.Reading? {
            endClause()
            let total = contributions.reduce(0) { $0 + $1.weight }
            guard !contributions.isEmpty, total > 0 else { return nil }
            func mean(_ value: (Contribution) -> Double) -> Double {
                contributions.reduce(0) { $0 + value($1) * $1.weight } / total
            }
            return WordMood.Reading(
                valence: mean(\.valence), arousal: mean(\.arousal), tension: mean(\.tension),
                confidence: min(0.9, 0.5 + 0.15 * Double(contributions.count)), words: contributions.map(\.word))
        }
    }
}
