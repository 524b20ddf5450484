/// Why a MIDI file cannot be re-styled. Each says what is wrong with the file and what to do;
/// the command line gives them exit 65 (the input is not usable).
public enum SongError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a Standard MIDI File at all (no `MThd` header).
    case notMIDI
    /// The file ends inside a chunk or an event.
    case truncated(byte: Int)
    /// A chunk or an event that breaks the format.
    case malformed(String)
    /// More than the limits allow: bytes, notes, tracks or length.
    case tooLarge(String)
    /// No pitched note to re-arrange.
    case noNotes

    public var description: String {
        switch self {
        case .notMIDI: return "not a Standard MIDI File (no MThd header); give a .mid file"
        case .truncated(let byte): return "the MIDI file is cut short at byte \(byte); export it again"
        case .malformed(let what): return "the MIDI file is damaged (\(what)); export it again"
        case .tooLarge(let what): return "the MIDI file is too large to re-style (\(what))"
        case .noNotes: return "the MIDI file has no pitched notes to re-style"
        }
    }
}
