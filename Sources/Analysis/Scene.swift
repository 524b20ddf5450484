/// A stretch of video between two cuts, with the mood the music should carry there.
/// Times are seconds from the first video frame.
public struct Scene: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public var mood: Mood

    public init(start: Double, end: Double, mood: Mood) {
        self.start = start
        self.end = end
        self.mood = mood
    }

    public var duration: Double { end - start }
}
