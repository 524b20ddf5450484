/// Why a recording cannot be re-styled, said in words a musician reads; the command line gives
/// these exit 65 (the input is not usable), like a MIDI file that is not.
public enum ListeningError: Error, Sendable, Equatable, CustomStringConvertible {
    case silent
    case tooShort(seconds: Double)
    case noBeat
    case noPitch

    public var description: String {
        switch self {
        case .silent: return "the recording is silent; there is nothing to re-style"
        case .tooShort(let seconds):
            return "the recording lasts \(Int(seconds)) s; a song needs at least \(Int(SongListener.shortestSeconds)) s"
        case .noBeat: return "no steady beat could be heard in the recording"
        case .noPitch: return "no chords could be heard in the recording (noise, or drums alone?)"
        }
    }
}
