/// Mood carried by words, for prompts, cue sheets and subtitles.
///
/// Reads a text the way a person would skim it for feeling: the lexicon's words (`WordLexicon`)
/// and their forms (`WordForms`), each turned around by a negation a few words before it ("not
/// happy", "never calm"), scaled by an intensifier or softener ("very", "slightly", "quietly"),
/// read as a phrase where one is known ("broken heart"), and weighed more after a "but". The mood
/// is the mean of what the words say, each weighted by how much it says. docs/words.md gives the
/// rules with examples.
public enum WordMood {
    /// What a text says about the mood, and how sure that is.
    public struct Reading: Sendable, Equatable {
        public var valence: Double
        public var arousal: Double
        public var tension: Double
        /// 0.5 for one mood word, growing with more, up to 0.9.
        public var confidence: Double
        /// The roots of the mood words found, in order ("not happy" gives "not happy").
        public var words: [String]
    }

    /// How many words after a negator it still reaches ("not going to be happy").
    static let negationReach = 4
    /// How much less the words before a "but" count than those after it.
    static let beforeContrast = 0.5
    /// The most words of a text that are read; the rest adds nothing a person would notice.
    static let wordLimit = 2000

    /// The mood of a text, or nil when none of its words carries one.
    public static func mood(of text: String) -> Reading? {
        var reader = Reader()
        var tokens = Array(self.tokens(in: text).prefix(wordLimit))
        tokens.append(.pause)
        var index = 0
        while index < tokens.count {
            guard case .word = tokens[index] else {
                reader.pause()
                index += 1
                continue
            }
            if let (phrase, length) = phrase(at: index, in: tokens) {
                let spelt = words(of: tokens[index..<index + length])
                switch phrase {
                case .mood(let entry): reader.add(WordForms.Match(root: spelt, entry: entry, negated: false, scale: 1))
                case .modifier(let modifier): reader.apply(modifier, spelt: spelt)
                }
                reader.advance()
                index += length
                continue
            }
            if case .word(let word) = tokens[index] {
                if let modifier = WordLexicon.modifiers[word] {
                    reader.apply(modifier, spelt: word)
                } else if let match = WordForms.match(word) {
                    reader.add(match)
                } else if word == "or" {
                    reader.reopenNegation()
                }
            }
            reader.advance()
            index += 1
        }
        return reader.reading()
    }

    /// A piece of text: a word (lower case, apostrophes dropped, "n't" kept as "not"), or a
    /// pause (punctuation that ends a clause).
    enum Token: Equatable {
        case word(String)
        case pause
    }

    static func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            if current.hasSuffix("n't") || current.hasSuffix("n’t") {
                let stem = String(current.dropLast(3))
                if !stem.isEmpty, !["ca", "wo", "do", "does", "did", "is", "was", "are", "were", "could", "would",
                    "should", "has", "have", "had", "ai", "must", "need", "might"].contains(stem)
                {
                    tokens.append(.word(stem))
                }
                tokens.append(.word("not"))
            } else {
                var word = current
                if word.hasSuffix("'s") || word.hasSuffix("’s") { word.removeLast(2) }
                word.removeAll { $0 == "'" || $0 == "’" }
                if !word.isEmpty { tokens.append(.word(word)) }
            }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || ((character == "'" || character == "’") && !current.isEmpty) {
                current.append(character)
            } else {
                flush()
                if ",.;:!?()[]{}\"—–…\n".contains(character), tokens.last != .pause { tokens.append(.pause) }
            }
        }
        flush()
        return tokens
    }

    /// Plain words of a text, for finding style and instrument hints.
    static func words(in text: String) -> [String] {
        tokens(in: text).compactMap { if case .word(let word) = $0 { word } else { nil } }
    }

    /// The longest known phrase starting at `index`.
    private static func phrase(at index: Int, in tokens: [Token]) -> (WordLexicon.Phrase, Int)? {
        for length in stride(from: min(WordLexicon.longestPhrase, tokens.count - index), through: 2, by: -1) {
            let slice = tokens[index..<index + length]
            guard slice.allSatisfy({ if case .word = $0 { true } else { false } }) else { continue }
            if let phrase = WordLexicon.phrases[words(of: slice)] { return (phrase, length) }
        }
        return nil
    }

    private static func words(of tokens: ArraySlice<Token>) -> String {
        tokens.compactMap { if case .word(let word) = $0 { word } else { nil } }.joined(separator: " ")
    }
}
