/// A film editor's plan for the music: at each time, words saying what the music should feel
/// like from there on ("0:42 chase through the market").
///
/// Parsed from text, one cue a line, or from JSON (docs/words.md). Bounded: at most
/// `maximumBytes` are read and `maximumCues` kept, so a runaway file costs little time and memory.
public struct CueSheet: Sendable, Equatable {
    /// One cue: where it starts, seconds from the start of the score, and its words.
    public struct Cue: Sendable, Equatable {
        public var seconds: Double
        public var text: String
        /// Where it was written: the line of a text sheet, the position (from 1) in a JSON array.
        public var line: Int

        public init(seconds: Double, text: String, line: Int) {
            self.seconds = seconds
            self.text = text
            self.line = line
        }
    }

    /// How the sheet is written.
    public enum Format: Sendable, Equatable {
        case text, json

        /// The format a file name's extension says (`.txt`, `.json`), or nil for anything else.
        public init?(fileName: String) {
            let lower = fileName.lowercased()
            if lower.hasSuffix(".txt") {
                self = .text
            } else if lower.hasSuffix(".json") {
                self = .json
            } else {
                return nil
            }
        }
    }

    public var cues: [Cue]

    /// The largest cue sheet read: a feature film's sheet is a few kilobytes.
    public static let maximumBytes = 1024 * 1024
    /// The most cues in one sheet: one every ten seconds for more than two hours.
    public static let maximumCues = 1000
    /// The longest score soundtrack composes from words, in seconds (three hours).
    public static let maximumSeconds = 3.0 * 3600
    /// How long the music runs after the last cue when no duration is given.
    public static let tailSeconds = 30.0

    /// Parses a cue sheet; the cues come out in time order, each with words.
    public init(bytes: [UInt8], format: Format) throws(CueSheetError) {
        guard bytes.count <= Self.maximumBytes else { throw .tooLarge(bytes: bytes.count) }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }  // a byte-order mark
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .notUTF8(line: Self.lineOfFirstInvalidByte(in: body))
        }
        cues = format == .json ? try Self.jsonCues(text) : try Self.textCues(text)
        guard !cues.isEmpty else { throw .empty }
        try Self.checkOrder(cues)
    }

    public init(cues: [Cue]) {
        self.cues = cues
    }

    /// How long the score runs when no `--duration` is given: `tailSeconds` past the last cue.
    public var defaultDuration: Double {
        min(Self.maximumSeconds, (cues.last?.seconds ?? 0) + Self.tailSeconds)
    }

    static func checkOrder(_ cues: [Cue]) throws(CueSheetError) {
        for (previous, cue) in zip(cues, cues.dropFirst()) where cue.seconds <= previous.seconds {
            throw .outOfOrder(line: cue.line, seconds: cue.seconds, previous: previous.seconds)
        }
        for cue in cues where cue.seconds >= Self.maximumSeconds {
            throw .tooLate(line: cue.line, seconds: cue.seconds)
        }
    }

    /// The line (from 1) holding the first byte that is not part of valid UTF-8.
    static func lineOfFirstInvalidByte(in bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
