/// Reads SubRip (`.srt`) subtitle text: the sidecar file a video often comes with.
public enum SubRip {
    public struct Cue: Sendable, Equatable {
        public var start: Double
        public var end: Double
        public var text: String

        public init(start: Double, end: Double, text: String) {
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// The cues of an SRT document; malformed blocks are skipped, markup like `<i>` removed.
    public static func cues(in document: String) -> [Cue] {
        var cues: [Cue] = []
        var timing: (start: Double, end: Double)?
        var text: [String] = []
        func flush() {
            if let timing, !text.isEmpty { cues.append(Cue(start: timing.start, end: timing.end, text: text.joined(separator: " "))) }
            timing = nil
            text = []
        }
        for rawLine in document.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(rawLine)
            if line.allSatisfy(\.isWhitespace) {
                flush()
            } else if let arrow = arrowIndex(in: line) {
                flush()
                let after = line.index(arrow, offsetBy: 3)
                if let start = seconds(line[..<arrow]), let end = seconds(line[after...]) {
                    timing = (start, end)
                }
            } else if timing != nil {
                text.append(withoutMarkup(line))
            }
        }
        flush()
        return cues
    }

    static func arrowIndex(in line: String) -> String.Index? {
        var index = line.startIndex
        while index < line.endIndex {
            if line[index...].hasPrefix("-->") { return index }
            index = line.index(after: index)
        }
        return nil
    }

    /// `HH:MM:SS,mmm` (or with a dot) in seconds.
    static func seconds(_ text: Substring) -> Double? {
        let field = text.split(separator: " ").first ?? ""
        let pieces = field.split(separator: ":").map { $0.map { $0 == "," ? "." : $0 } }.map { String($0) }
        guard pieces.count == 3, let hours = Double(pieces[0]), let minutes = Double(pieces[1]),
            let secs = Double(pieces[2])
        else { return nil }
        return hours * 3600 + minutes * 60 + secs
    }

    static func withoutMarkup(_ line: String) -> String {
        var result = ""
        var inTag = false
        for character in line {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { result.append(character) }
        }
        return result
    }
}
