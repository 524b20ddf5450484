/// The words soundtrack knows the mood of, and the small words that change how others count.
///
/// Written for this project by hand (docs/words.md says how): each entry places a word in the
/// shared mood space, valence and arousal in -1...1 and tension in 0...1, judged in the spirit of
/// affective word norms such as Warriner, Kuperman & Brysbaert (2013) but not taken from them.
/// Only base forms are listed; `WordForms` finds "saddened", "peacefulness" or "hopelessly" from
/// them, and `WordMood` applies negation, intensifiers and phrases.
enum WordLexicon {
    /// Where one word sits in the mood space.
    struct Entry: Sendable, Equatable {
        var valence: Double
        var arousal: Double
        var tension: Double

        init(_ valence: Double, _ arousal: Double, _ tension: Double) {
            self.valence = valence
            self.arousal = arousal
            self.tension = tension
        }

        /// How much the word says: a word far from neutral outweighs a mild one ("funeral"
        /// outweighs "walk" in "a walk after the funeral").
        var salience: Double { 0.3 + max(abs(valence), abs(arousal), tension) }
    }

    /// Every mood word, feelings first, then the world.
    static let entries: [String: Entry] = feelings.merging(world) { feeling, _ in feeling }

    /// What a small word does to the mood words after it (or, for `emphasis`, before it).
    enum Modifier: Sendable, Equatable {
        /// "not", "never", "without": turns the next mood word (or two joined by "or") around.
        case negator
        /// "very" (> 1) or "slightly" (< 1): scales the next mood word.
        case scale(Double)
        /// "quietly", "wildly": scales the next mood word and moves its arousal; with no mood
        /// word after it, the adverb counts as its own word ("walking quietly").
        case manner(Double, arousal: Double)
        /// "at all", "whatsoever": strengthens a negation just made.
        case emphasis
        /// "but", "yet", "though": what follows counts more than what came before.
        case contrast
    }

    /// Single small words. Words ending in "n't" are negators too.
    static let modifiers: [String: Modifier] = [
        "not": .negator, "no": .negator, "never": .negator, "nothing": .negator, "nobody": .negator,
        "none": .negator, "nowhere": .negator, "neither": .negator, "nor": .negator, "without": .negator,
        "cannot": .negator, "hardly": .negator, "lacking": .negator, "dont": .negator, "cant": .negator,
        "wont": .negator, "isnt": .negator, "wasnt": .negator,
        "very": .scale(1.4), "really": .scale(1.3), "so": .scale(1.3), "extremely": .scale(1.6),
        "incredibly": .scale(1.5), "deeply": .scale(1.4), "utterly": .scale(1.6), "totally": .scale(1.4),
        "completely": .scale(1.4), "truly": .scale(1.3), "super": .scale(1.4), "too": .scale(1.3),
        "most": .scale(1.3), "absolutely": .scale(1.5), "highly": .scale(1.4), "terribly": .scale(1.5),
        "awfully": .scale(1.4), "insanely": .scale(1.5), "hugely": .scale(1.4), "immensely": .scale(1.5),
        "intensely": .scale(1.5), "overwhelmingly": .scale(1.6), "more": .scale(1.2), "even": .scale(1.1),
        "especially": .scale(1.2), "particularly": .scale(1.2), "quite": .scale(1.15), "pure": .scale(1.3),
        "slightly": .scale(0.5), "somewhat": .scale(0.6), "mildly": .scale(0.5), "faintly": .scale(0.4),
        "barely": .scale(0.3), "fairly": .scale(0.8), "rather": .scale(0.85), "almost": .scale(0.8),
        "partly": .scale(0.6), "moderately": .scale(0.7), "less": .scale(0.6),
        "quietly": .manner(0.8, arousal: -0.4), "softly": .manner(0.8, arousal: -0.4),
        "gently": .manner(0.8, arousal: -0.4), "calmly": .manner(0.8, arousal: -0.5),
        "tenderly": .manner(0.9, arousal: -0.3), "peacefully": .manner(0.9, arousal: -0.5),
        "slowly": .manner(0.9, arousal: -0.3), "wildly": .manner(1.3, arousal: 0.3),
        "madly": .manner(1.3, arousal: 0.3), "fiercely": .manner(1.3, arousal: 0.4),
        "frantically": .manner(1.2, arousal: 0.5), "desperately": .manner(1.3, arousal: 0.3),
        "whatsoever": .emphasis,
        "but": .contrast, "yet": .contrast, "though": .contrast, "although": .contrast, "however": .contrast,
    ]

    /// Groups of words read as one: mood phrases, and modifiers of more than one word. Keys are
    /// the words joined by single spaces; a phrase wins over its words.
    static let phrases: [String: Phrase] = [
        "a little": .modifier(.scale(0.6)), "a little bit": .modifier(.scale(0.5)), "a bit": .modifier(.scale(0.6)),
        "kind of": .modifier(.scale(0.6)), "sort of": .modifier(.scale(0.6)), "more or less": .modifier(.scale(0.7)),
        "at all": .modifier(.emphasis), "in the least": .modifier(.emphasis), "no longer": .modifier(.negator),
        "far from": .modifier(.negator), "not even": .modifier(.negator), "free of": .modifier(.negator),
        "even though": .modifier(.contrast),
        "broken heart": .mood(Entry(-0.9, -0.1, 0.4)), "heart broken": .mood(Entry(-0.9, -0.1, 0.4)),
        "on fire": .mood(Entry(0.3, 0.9, 0.5)), "out of breath": .mood(Entry(-0.1, 0.8, 0.6)),
        "falling apart": .mood(Entry(-0.8, 0.4, 0.7)), "fall apart": .mood(Entry(-0.8, 0.4, 0.7)),
        "in love": .mood(Entry(0.9, 0.4, 0)), "high speed": .mood(Entry(0.1, 0.95, 0.6)),
        "full speed": .mood(Entry(0.1, 0.95, 0.5)), "slow motion": .mood(Entry(0.1, -0.6, 0.3)),
        "last goodbye": .mood(Entry(-0.8, -0.3, 0.3)), "coming home": .mood(Entry(0.7, -0.1, 0)),
        "come home": .mood(Entry(0.7, -0.1, 0)), "walk home": .mood(Entry(0.2, -0.4, 0.1)),
        "late night": .mood(Entry(-0.1, 0, 0.4)), "first light": .mood(Entry(0.5, -0.3, 0.1)),
        "new beginning": .mood(Entry(0.7, 0.3, 0.1)), "new day": .mood(Entry(0.6, 0.2, 0)),
        "race against time": .mood(Entry(-0.2, 0.95, 0.9)), "time running out": .mood(Entry(-0.4, 0.8, 0.95)),
        "running out of time": .mood(Entry(-0.4, 0.8, 0.95)), "heavy rain": .mood(Entry(-0.4, 0.2, 0.4)),
        "light rain": .mood(Entry(0, -0.5, 0.1)), "clear sky": .mood(Entry(0.6, -0.2, 0)),
        "blue sky": .mood(Entry(0.6, -0.1, 0)), "grey sky": .mood(Entry(-0.3, -0.3, 0.2)),
        "gray sky": .mood(Entry(-0.3, -0.3, 0.2)), "at peace": .mood(Entry(0.7, -0.8, 0)),
        "at ease": .mood(Entry(0.6, -0.6, 0)), "on edge": .mood(Entry(-0.4, 0.6, 0.85)),
        "under attack": .mood(Entry(-0.7, 0.9, 0.95)), "in danger": .mood(Entry(-0.7, 0.8, 0.9)),
        "no way out": .mood(Entry(-0.8, 0.6, 0.95)), "let go": .mood(Entry(0.1, -0.4, 0.1)),
        "good news": .mood(Entry(0.8, 0.5, 0)), "bad news": .mood(Entry(-0.7, 0.3, 0.5)),
        "feel good": .mood(Entry(0.8, 0.4, 0)), "pitch black": .mood(Entry(-0.6, 0.1, 0.8)),
        "end of the world": .mood(Entry(-0.8, 0.7, 0.9)), "happy ending": .mood(Entry(0.9, 0.3, 0)),
        "road trip": .mood(Entry(0.7, 0.5, 0.1)), "car chase": .mood(Entry(-0.1, 0.95, 0.85)),
        "good time": .mood(Entry(0.8, 0.5, 0)), "good times": .mood(Entry(0.8, 0.5, 0)),
    ]

    /// What a phrase is: a mood of its own, or a modifier spelt with several words.
    enum Phrase: Sendable, Equatable {
        case mood(Entry)
        case modifier(Modifier)
    }

    /// The most words a phrase has.
    static let longestPhrase = phrases.keys.map { $0.split(separator: " ").count }.max() ?? 1
}
