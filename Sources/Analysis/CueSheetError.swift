/// Why a cue sheet cannot be read. The description names the line (or, in JSON, the cue) and
/// says how to write it; the caller puts the file's name in front.
public enum CueSheetError: Error, Equatable, CustomStringConvertible {
    /// No cue at all: an empty file, or only comments and blank lines.
    case empty
    /// Bytes that are not UTF-8 text, first on this line.
    case notUTF8(line: Int)
    /// Larger than `CueSheet.maximumBytes`.
    case tooLarge(bytes: Int)
    /// More cues than `CueSheet.maximumCues`.
    case tooManyCues
    /// A line that does not start with a time.
    case missingTime(line: Int, text: String)
    /// A cue whose time is not before the next one's.
    case outOfOrder(line: Int, seconds: Double, previous: Double)
    /// A time with nothing after it.
    case noWords(line: Int)
    /// A time later than the longest score soundtrack writes.
    case tooLate(line: Int, seconds: Double)
    /// JSON that is not an array of `{"time": ..., "text": ...}` objects.
    case badJSON(String)

    public var description: String {
        switch self {
        case .empty:
            return
                "no cues in it; write one cue a line, a time and words, for example \"0:42 chase through the market\""
        case .notUTF8(let line):
            return "line \(line) is not UTF-8 text; save the cue sheet as UTF-8"
        case .tooLarge(let bytes):
            return "\(bytes) bytes is more than a cue sheet holds (at most \(CueSheet.maximumBytes / 1024) KiB)"
        case .tooManyCues:
            return "more than \(CueSheet.maximumCues) cues; split the score into parts of fewer cues"
        case .missingTime(let line, let text):
            return "line \(line) (\"\(Self.quoted(text))\") does not start with a time; "
                + "start each cue with m:ss or h:mm:ss, for example \"0:42 chase\""
        case .outOfOrder(let line, let seconds, let previous):
            return "line \(line): the cue at \(CueTime.text(seconds)) does not come after the one at "
                + "\(CueTime.text(previous)); list the cues in time order, one per time"
        case .noWords(let line):
            return "line \(line) has a time but no words; say what the music should feel like after the time"
        case .tooLate(let line, let seconds):
            return "line \(line): \(CueTime.text(seconds)) is later than the longest score "
                + "(\(CueTime.text(CueSheet.maximumSeconds)))"
        case .badJSON(let reason):
            return "not a JSON cue sheet (\(reason)); write [{\"time\": \"0:42\", \"text\": \"chase\"}, ...]"
        }
    }

    /// The start of a line, short enough for a one-line message.
    static func quoted(_ text: String) -> String {
        let flat = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        return flat.count > 40 ? String(flat.prefix(40)) + "..." : String(flat)
    }
}
