@testable import Analysis
import Testing

/// Words to mood: the lexicon, its word forms, negation, intensifiers, softeners and phrases.
@Suite("Words to mood")
struct WordMoodTests {
    static func read(_ text: String) throws -> WordMood.Reading {
        try #require(WordMood.mood(of: text), "no mood in \"\(text)\"")
    }

    @Test func oppositePromptsOrderArousalAndValence() throws {
        let calm = try Self.read("calm peaceful morning")
        let furious = try Self.read("furious chase through the night")
        #expect(calm.arousal < furious.arousal, "calm \(calm), furious \(furious)")
        #expect(calm.valence > furious.valence, "calm \(calm), furious \(furious)")
        #expect(calm.tension < furious.tension)
        let unhappy = try Self.read("not happy at all")
        let overjoyed = try Self.read("overjoyed")
        #expect(unhappy.valence < 0, "\(unhappy)")
        #expect(overjoyed.valence > 0.9, "\(overjoyed)")
        #expect(unhappy.arousal < overjoyed.arousal, "\(unhappy) vs \(overjoyed)")
    }

    @Test func oneWordGivesItsLexiconValues() throws {
        let calm = try Self.read("Calm.")
        #expect(close(calm.valence, 0.4) && close(calm.arousal, -0.8) && close(calm.tension, 0))
        #expect(close(calm.confidence, 0.65))
        #expect(calm.words == ["calm"])
    }

    /// Negation shifts a word towards its opposite: valence -0.6x, arousal -0.5x, tension 0.3(1 - t).
    @Test func negationShiftsWithoutFlipping() throws {
        let notCalm = try Self.read("not calm")
        #expect(close(notCalm.valence, -0.24) && close(notCalm.arousal, 0.4) && close(notCalm.tension, 0.3))
        let notHappy = try Self.read("not happy"), sad = try Self.read("sad")
        #expect(notHappy.valence < 0 && notHappy.valence > sad.valence)
        #expect(try Self.read("never calm").arousal > 0)
        #expect(try Self.read("not afraid").tension < Self.read("afraid").tension)
        #expect(try Self.read("don't cry").valence > 0)
        #expect(try Self.read("it isn’t sad").valence > 0)
        // "at all" deepens the negation; an intensifier under a negation softens it.
        #expect(try Self.read("not happy at all").valence < notHappy.valence)
        #expect(try Self.read("not at all happy").valence < notHappy.valence)
        #expect(try Self.read("not very happy").valence > notHappy.valence)
    }

    @Test func negationReachesAFewWordsAndStopsAtAPause() throws {
        #expect(try Self.read("I'm not going to be happy").valence < 0)
        #expect(try Self.read("no rain, happy").words == ["not rain", "happy"])
        #expect(try Self.read("not happy or calm").words == ["not happy", "not calm"])
        #expect(try Self.read("neither happy nor sad").words == ["not happy", "not sad"])
        #expect(try Self.read("not a cloud in the sky and the sun is out").words == ["not cloud", "sky", "sun"])
        // Twice turned around comes back, weaker: "not unhappy" is mildly content.
        let notUnhappy = try Self.read("not unhappy"), happy = try Self.read("happy")
        #expect(notUnhappy.valence > 0 && notUnhappy.valence < happy.valence)
    }

    @Test func intensifiersAndSoftenersScale() throws {
        let sad = try Self.read("sad").valence
        let verySad = try Self.read("very sad").valence
        let slightlySad = try Self.read("slightly sad").valence
        #expect(verySad < sad && sad < slightlySad && slightlySad < 0)
        #expect(close(slightlySad, -0.4))
        #expect(try Self.read("a little bit sad").valence > sad)
        #expect(try close(Self.read("very calm").arousal, -1))
    }

    @Test func mannerAdverbsCalmTheNextWord() throws {
        let hopeful = try Self.read("hopeful")
        let quietly = try Self.read("quietly hopeful")
        #expect(quietly.valence > 0 && quietly.valence < hopeful.valence)
        #expect(quietly.arousal < 0 && hopeful.arousal > 0, "\(quietly) vs \(hopeful)")
        #expect(try Self.read("wildly happy").arousal > Self.read("happy").arousal)
        // With no mood word after it, the adverb counts as its own word.
        #expect(try Self.read("walking quietly").arousal < 0)
    }

    @Test(arguments: [
        ("saddened", "sad"), ("peacefulness", "peace"), ("hopefully", "hope"), ("happiness", "happy"),
        ("darkened", "dark"), ("running", "run"), ("stormy", "storm"), ("frightened", "fright"),
        ("celebration", "celebrate"), ("angrily", "angry"), ("saddest", "sad"), ("worried", "worry"),
        ("lovingly", "love"), ("tranquility", "tranquil"), ("foggy", "fog"), ("joyous", "joy"),
    ])
    func wordFormsFindTheirRoot(word: String, root: String) throws {
        let match = try #require(WordForms.match(word))
        #expect(match.root == root && !match.negated && match.scale == 1)
    }

    @Test(arguments: [("unhappy", "happy"), ("hopeless", "hope"), ("restless", "rest"), ("uneasy", "easy"),
        ("fearlessly", "fear"), ("motionless", "motion"), ("insecure", "secure")])
    func negatingFormsTurnTheRootAround(word: String, root: String) throws {
        if root == "secure" {
            #expect(WordForms.match(word) == nil)  // "secure" is not listed, so "in-" is not read as "not"
            return
        }
        let match = try #require(WordForms.match(word))
        #expect(match.root == root && match.negated)
    }

    @Test func formsThatAreNotDerivationsAreLeftAlone() {
        for word in ["display", "inside", "under", "until", "thing", "string", "water", "only", "news"] {
            #expect(WordForms.match(word) == nil, "\(word)")
        }
        #expect(WordForms.match("overjoyed").map { ($0.root, $0.scale) } ?? ("", 0) == ("joy", 1.3))
        #expect(WordForms.match("darkish")?.scale == 0.6)
    }

    @Test func unknownWordsStillMoveTheMood() throws {
        // None of these is listed as it is written.
        let low = try Self.read("saddened and wearily hopeless")
        let high = try Self.read("overjoyed, cheerfully dancing")
        #expect(low.valence < -0.4 && high.valence > 0.6, "\(low) vs \(high)")
        #expect(low.arousal < high.arousal)
    }

    @Test func phrasesWinOverTheirWords() throws {
        #expect(try Self.read("broken heart").valence < Self.read("broken").valence)
        let onFire = try Self.read("on fire"), fire = try Self.read("fire")
        #expect(onFire.valence > 0 && fire.valence < 0)
        #expect(try Self.read("race against time").tension > 0.8)
    }

    @Test func whatFollowsButCountsMore() throws {
        let sadButHopeful = try Self.read("sad but hopeful")
        let hopefulButSad = try Self.read("hopeful but sad")
        #expect(sadButHopeful.valence > 0 && hopefulButSad.valence < 0, "\(sadButHopeful), \(hopefulButSad)")
    }

    @Test func textWithoutMoodWordsHasNone() {
        #expect(WordMood.mood(of: "") == nil)
        #expect(WordMood.mood(of: "the of and xyzzy 42 --- !!!") == nil)
        #expect(WordMood.mood(of: "not very") == nil)
    }

    @Test func longTextIsReadUpToItsLimit() throws {
        let text = String(repeating: "calm ", count: 50_000) + "furious"
        let reading = try Self.read(text)
        #expect(reading.words.count == WordMood.wordLimit)
        #expect(close(reading.arousal, -0.8))
    }

    @Test func tokensDropApostrophesAndMarkPauses() {
        #expect(WordMood.tokens(in: "Don't stop—the night's young") == [
            .word("not"), .word("stop"), .pause, .word("the"), .word("night"), .word("young"),
        ])
        #expect(WordMood.words(in: "Isn't it calm?") == ["not", "it", "calm"])
    }
}

/// Equal to within rounding.
func close(_ value: Double, _ expected: Double) -> Bool {
    abs(value - expected) < 1e-9
}
