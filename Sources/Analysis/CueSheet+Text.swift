extension CueSheet {
    /// Cues from text: one a line, a time and then words (`0:42 chase through the market`); an
    /// optional dash or bar may sit between them (`0:42 - chase`); blank lines and lines starting
    /// with `#` are skipped.
    static func textCues(_ text: String) throws(CueSheetError) -> [Cue] {
        var cues: [Cue] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, and a newline like "\n".
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let timeEnd = line.firstIndex(where: \.isWhitespace) ?? line.endIndex
            guard let seconds = CueTime.seconds(line[..<timeEnd]) else {
                throw .missingTime(line: lineNumber, text: String(line))
            }
            var words = line[timeEnd...].trimmingWhitespace
            if let first = words.first, "-–—|".contains(first) { words = words.dropFirst().trimmingWhitespace }
            guard !words.isEmpty else { throw .noWords(line: lineNumber) }
            guard cues.count < maximumCues else { throw .tooManyCues }
            cues.append(Cue(seconds: seconds, text: String(words), line: lineNumber))
        }
        return cues
    }
}

extension Substring {
    /// Without white space (and a Windows line end's carriage return) at either end.
    var trimmingWhitespace: Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}
