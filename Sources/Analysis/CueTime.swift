/// Times as a film editor writes them on a cue sheet: `m:ss`, `h:mm:ss`, either with a fraction
/// of a second (`1:02.5`).
public enum CueTime {
    /// The seconds a time stands for, or nil when it is not written as `m:ss` or `h:mm:ss`
    /// (minutes and seconds under 60 where a larger unit comes before them; at most six digits
    /// in each part).
    public static func seconds(_ text: Substring) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let last = parts[parts.count - 1].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = number(last[0]), last[0].count == 2 || parts.count == 2, seconds < 60 else { return nil }
        var fraction = 0.0
        if last.count == 2 {
            guard let digits = number(last[1]) else { return nil }
            fraction = Double(digits) / pow10(last[1].count)
        }
        guard let first = number(parts[0]) else { return nil }
        if parts.count == 2 {
            return Double(first * 60 + seconds) + fraction
        }
        guard let minutes = number(parts[1]), parts[1].count == 2, minutes < 60 else { return nil }
        return Double(first * 3600 + minutes * 60 + seconds) + fraction
    }

    /// `m:ss` or `h:mm:ss`, with milliseconds when the time has a fraction: how messages quote a time.
    public static func text(_ seconds: Double) -> String {
        let milliseconds = Int((max(0, seconds) * 1000).rounded())
        let whole = milliseconds / 1000, fraction = milliseconds % 1000
        let hours = whole / 3600, minutes = whole / 60 % 60, secs = whole % 60
        var text = hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A run of one to six ASCII digits as a number.
    private static func number(_ text: Substring) -> Int? {
        guard (1...6).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}
