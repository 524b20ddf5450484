extension AnalysisResult {
    /// The analysis of words alone (`--prompt` without a video): one scene as long as the music.
    public init(prompt: String, duration: Double) {
        self.init(
            duration: duration, cuts: [], scenes: [.words(prompt, from: 0, to: duration)], originalAudioSilent: true)
        hints = WordMood.hints(in: prompt)
    }

    /// The analysis of a cue sheet: each cue is a cut and starts a scene whose mood its words
    /// give, lasting to the next cue (the last to `duration`). Before a first cue later than 0
    /// the music leads in with that cue's mood, calmer. Cues at or after `duration` are dropped.
    public init(cues sheet: CueSheet, duration: Double) {
        let cues = sheet.cues.filter { $0.seconds < duration }
        var scenes: [SceneAnalysis] = []
        for (index, cue) in cues.enumerated() {
            let end = index + 1 < cues.count ? cues[index + 1].seconds : duration
            scenes.append(.words(cue.text, from: cue.seconds, to: end))
        }
        if let first = scenes.first, first.start > 0 {
            var lead = SceneAnalysis.words("", from: 0, to: first.start)
            lead.mood = Mood(
                valence: first.mood.valence, arousal: first.mood.arousal - 0.4, tension: first.mood.tension / 2,
                pace: first.mood.pace, density: first.mood.density * 0.6)
            scenes.insert(lead, at: 0)
        }
        if scenes.isEmpty { scenes = [.words("", from: 0, to: duration)] }
        self.init(
            duration: duration, cuts: scenes.dropFirst().map(\.start), scenes: scenes, originalAudioSilent: true)
        hints = WordMood.hints(in: cues.map(\.text).joined(separator: ". "))
    }
}

extension SceneAnalysis {
    /// A scene whose only evidence is words.
    static func words(_ text: String, from start: Double, to end: Double) -> SceneAnalysis {
        let neutral = PictureFeatures(brightness: 0.5, saturation: 0.5, warmth: 0.5, contrast: 0.25, edgeDensity: 0)
        return SceneAnalysis(
            start: start, end: end, mood: Mood(words: WordMood.mood(of: text)),
            features: SceneFeatures(picture: neutral, motion: 0, words: text.isEmpty ? nil : text))
    }
}

extension Mood {
    /// The mood words give, with the tempo Wallis et al. (2008) tie to arousal and valence and a
    /// density that follows arousal; neutral when no word carries a mood.
    public init(words reading: WordMood.Reading?) {
        guard let reading else {
            self = .neutral
            return
        }
        self.init(
            valence: reading.valence, arousal: reading.arousal, tension: reading.tension,
            pace: 100 + 35 * reading.arousal + 7 * reading.valence, density: 0.5 + 0.35 * reading.arousal)
    }
}
