/// One line of subtitle text and when it is shown, in seconds from the first video frame.
public struct SubtitleCue: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public var text: String

    public init(start: Double, end: Double, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}
