/// One bar of the score: where it starts and how many eighth notes it holds.
///
/// Most bars are 4/4 (eight eighths). A cut inside a section (a montage cut) must also fall on a
/// downbeat, so the bar just before it may be irregular: 2/4, 3/4, 5/8, 7/8, 5/4 and so on. The
/// MIDI file writes a time signature wherever the bar length changes, so any reader counting bars
/// finds the cut at the start of one.
public struct Bar: Sendable, Equatable {
    public var startTick: Int
    public var eighths: Int
    /// Ticks per eighth note (half the score's ticks per quarter).
    public var ticksPerEighth: Int

    public init(startTick: Int, eighths: Int, ticksPerEighth: Int) {
        self.startTick = startTick
        self.eighths = eighths
        self.ticksPerEighth = ticksPerEighth
    }

    public var ticks: Int { eighths * ticksPerEighth }
    public var endTick: Int { startTick + ticks }
    /// Whether this is a regular 4/4 bar.
    public var isRegular: Bool { eighths == 8 }

    /// The time signature, as written in a score: quarters when the eighths pair up, else eighths
    /// (6 eighths: 3/4; 7 eighths: 7/8).
    public var timeSignature: (numerator: Int, denominator: Int) {
        eighths % 2 == 0 ? (eighths / 2, 4) : (eighths, 8)
    }
}
