/// A delay on a part, as a producer puts one on ambient's bells: each note comes back
/// `delayTicks` later and again after that, softer each time.
///
/// The score writes the repeats as notes marked `Note.isEcho`, which is how a MIDI file carries
/// a delay (and what the measures of the melody count). The renderer strikes only the notes
/// that are not repeats and delays their sound instead: the same echoes for a quarter less of
/// FluidSynth's work on an ambient score, whose bells' repeats were most of its voices.
public struct Echo: Sendable, Equatable {
    /// Ticks from a note to its first repeat, and from one repeat to the next: a dotted eighth.
    public var delayTicks = 360
    /// How much softer each repeat is struck, in velocity, as a MIDI note.
    public var velocityDrop = 18
    /// Repeats of each note.
    public var repeats = 2

    public init() {}

    /// The level of each repeat in the rendered sound: what striking `velocityDrop` softer each
    /// time gives a note played at 70 (FluidSynth's loudness goes with the square of the
    /// velocity: 0.55 and 0.24).
    public var gains: [Double] {
        (1...repeats).map { count in
            let ratio = Double(70 - velocityDrop * count) / 70
            return ratio * ratio
        }
    }
}
