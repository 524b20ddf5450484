/// What analysis found in a video: its scenes and the mood of each.
/// Every time is in seconds from the first video frame.
public struct AnalysisResult: Sendable, Codable {
    public var duration: Double
    public var cuts: [Double]
    public var scenes: [SceneAnalysis]
    /// Motion-onset peaks (visual beats), seconds.
    public var visualBeats: [Double] = []
    /// Where the original sound probably holds speech, for ducking.
    public var speechRegions: [TimeRegion] = []
    /// Styles and instruments the prompt or the subtitles name ("piano", "cinematic", ...).
    public var hints: [String] = []
    /// Whether the original audio is absent or effectively silent.
    public var originalAudioSilent: Bool

    enum CodingKeys: String, CodingKey {
        case duration, cuts, scenes, visualBeats, speechRegions, hints, originalAudioSilent
    }

    public init(duration: Double, cuts: [Double], scenes: [SceneAnalysis], originalAudioSilent: Bool) {
        self.duration = duration
        self.cuts = cuts
        self.scenes = scenes
        self.originalAudioSilent = originalAudioSilent
    }

    /// The scenes as the composer reads them.
    public var moodScenes: [Scene] {
        scenes.map { Scene(start: $0.start, end: $0.end, mood: $0.mood) }
    }
}

/// A stretch of time, seconds from the first video frame.
public struct TimeRegion: Sendable, Codable, Equatable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
}

/// One scene, its mood and the evidence behind it.
public struct SceneAnalysis: Sendable, Codable {
    public var start: Double
    public var end: Double
    public var mood: Mood
    public var features: SceneFeatures
}

/// Averages over a scene of what the encoders measured.
public struct SceneFeatures: Sendable, Codable, Equatable {
    public var picture: PictureFeatures
    /// Mean frame-to-frame difference, percent of full scale.
    public var motion: Double
    /// Level of the original sound in dBFS, when there is sound.
    public var audioLevel: Double?
    /// Sound onsets per second, when there is sound.
    public var audioOnsetsPerSecond: Double?
    /// Spectral brightness of the sound (zero-crossing estimate), Hz.
    public var audioCentroid: Double?
    /// Tempo of the sound, BPM, and how sure (0...1).
    public var audioTempo: Double?
    public var audioTempoConfidence: Double?
    /// Share of the scene with speech.
    public var speechShare: Double?
    /// Visual beats per second.
    public var visualBeatsPerSecond: Double?
    /// Subtitle text shown during the scene.
    public var words: String?
}
