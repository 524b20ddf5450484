import Composition

/// Mood timeline in, score out: the style settled (the one asked for, or one the words name),
/// then the composer. Pure; the same timeline and choices give the same score.
enum CompositionStage {
    static func compose(_ timeline: MoodTimeline, options: JobOptions) -> Score {
        let composer = Composer(
            style: style(asked: options.style, hints: timeline.styleHints), seed: options.seed,
            tempo: options.tempo, key: options.key)
        return composer.compose(scenes: timeline.scenes, cuts: timeline.cuts, duration: timeline.duration)
    }

    /// The style to compose in: the one asked for, or with `auto` the first one that the words
    /// name (else `auto`, which lets the moods choose).
    static func style(asked: String, hints: [String]) -> String {
        guard asked == "auto" else { return asked }
        return style(forHints: hints) ?? "auto"
    }

    /// The style that words in the prompt or the subtitles ask for ("a gentle piano piece"),
    /// when the person left the style to soundtrack.
    static func style(forHints hints: [String]) -> String? {
        let styles: [String: String] = [
            "piano": "piano", "ambient": "ambient", "electronic": "electronic", "lofi": "lofi", "jazz": "lofi",
            "folk": "folk", "guitar": "folk", "cinematic": "cinematic", "orchestral": "cinematic",
            "classical": "cinematic", "strings": "cinematic", "brass": "cinematic", "choir": "cinematic",
        ]
        return hints.lazy.compactMap { styles[$0] }.first { name in Composer.styles.contains { $0.name == name } }
    }
}
