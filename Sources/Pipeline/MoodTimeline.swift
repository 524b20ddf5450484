import Analysis

/// What the composer is given, whatever the input: how long the music runs, the moods along
/// it, where the cuts are, and the styles the words asked for. Times are seconds from the
/// first video frame (or from the start, for inputs without pictures).
public struct MoodTimeline: Sendable, Equatable {
    public var duration: Double
    /// Scenes in order, each with the mood the music should carry there.
    public var scenes: [Scene]
    /// Where the music should mark a change (on a downbeat).
    public var cuts: [Double]
    /// Styles and instruments that a prompt or subtitles named ("piano", "cinematic", ...).
    public var styleHints: [String]

    public init(duration: Double, scenes: [Scene], cuts: [Double], styleHints: [String] = []) {
        self.duration = duration
        self.scenes = scenes
        self.cuts = cuts
        self.styleHints = styleHints
    }

    /// The timeline a video's analysis gives.
    public init(_ analysis: AnalysisResult) {
        self.init(
            duration: analysis.duration, scenes: analysis.moodScenes, cuts: analysis.cuts,
            styleHints: analysis.hints)
    }
}
