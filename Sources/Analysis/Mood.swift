/// The shared mood embedding: one small vector that every encoder (picture, motion, sound, words)
/// projects into, and the only thing the composer reads about a scene.
public struct Mood: Sendable, Equatable, Hashable, Codable {
    /// Sad, dark (-1) to happy, bright (+1).
    public var valence: Double
    /// Calm (-1) to excited (+1).
    public var arousal: Double
    /// Relaxed (0) to suspense (1).
    public var tension: Double
    /// How fast the scene wants the music to move, in beats per minute.
    public var pace: Double
    /// Sparse (0) to busy (1).
    public var density: Double

    public init(valence: Double, arousal: Double, tension: Double, pace: Double, density: Double) {
        self.valence = valence.clamped(to: -1...1)
        self.arousal = arousal.clamped(to: -1...1)
        self.tension = tension.clamped(to: 0...1)
        self.pace = pace.clamped(to: 40...200)
        self.density = density.clamped(to: 0...1)
    }

    /// A neutral mood: neither happy nor sad, moderately paced.
    public static let neutral = Mood(valence: 0, arousal: 0, tension: 0.2, pace: 100, density: 0.5)
}

extension Comparable {
    @inlinable
    public func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
