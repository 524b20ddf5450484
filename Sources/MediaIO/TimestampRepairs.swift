/// What was done to a file's timestamps so that it could be read and copied, for one notice.
public struct TimestampRepairs: Sendable, Equatable {
    /// Packets whose times were missing and were worked out from their neighbours.
    public var generated = 0
    /// Packets whose times went backwards or clashed and were moved forward.
    public var raised = 0
    /// Packets that could not be placed in time at all and were left out.
    public var dropped = 0
    /// Packets at the start that came without a time and were placed before the first one that had one.
    public var placedBeforeStart = 0
    /// Jumps in the clock (seconds of media missing) that were closed up.
    public var discontinuities = 0

    public init() {}

    /// Whether anything was repaired that the user should hear about. Times worked out for
    /// containers that never store them (AVI) are routine and not counted here.
    public var isNoteworthy: Bool { raised > 0 || dropped > 0 || discontinuities > 0 || placedBeforeStart > 0 }

    /// One sentence for a log notice.
    public var description: String {
        var parts: [String] = []
        if discontinuities > 0 { parts.append("closed \(discontinuities) jump(s) in the clock") }
        if raised > 0 { parts.append("moved \(raised) packet(s) whose times went backwards") }
        if placedBeforeStart > 0 { parts.append("placed \(placedBeforeStart) packet(s) that came without a time before the first timed one") }
        if dropped > 0 { parts.append("left out \(dropped) packet(s) that had no usable time") }
        return "the input's timestamps are damaged; " + parts.joined(separator: ", ")
    }
}
