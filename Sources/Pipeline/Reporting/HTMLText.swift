import Foundation

/// Small text helpers for the HTML report: escaping, and numbers as short as they can be read.
enum HTMLText {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `value` with at most `places` decimals and no trailing zeros ("12", "12.5").
    static func number(_ value: Double, places: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A signed figure, "+0.25" or "-1.3".
    static func signed(_ value: Double, places: Int = 2) -> String {
        (value >= 0 ? "+" : "") + String(format: "%.\(places)f", value)
    }

    /// Seconds as a player shows them: "0:07.5", "12:03.0", "1:02:03".
    static func clock(_ seconds: Double, tenths: Bool = true) -> String {
        let total = max(0, seconds)
        let hours = Int(total / 3600)
        let minutes = Int(total / 60) % 60
        let rest = total - Double(hours * 3600 + minutes * 60)
        let secondsText = tenths ? String(format: "%04.1f", rest) : String(format: "%02d", Int(rest))
        return hours > 0 ? "\(hours):\(String(format: "%02d", minutes)):\(secondsText)" : "\(minutes):\(secondsText)"
    }

    /// A file's name without its folders.
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// A table of name-value rows (values already HTML).
    static func table(_ rows: [(String, String)], className: String = "facts") -> String {
        "<table class=\"\(className)\">"
            + rows.map { "<tr><th>\(escape($0.0))</th><td>\($0.1)</td></tr>" }.joined() + "</table>"
    }
}
