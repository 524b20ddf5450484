/// Reads the pieces of one line of watch.conf.
struct TOMLLineScanner {
    private var rest: Substring
    let line: Int

    init(_ text: Substring, line: Int) {
        rest = text.last == "\r" ? text.dropLast() : text
        self.line = line
    }

    var peek: Character? { rest.first }
    var atEndOrComment: Bool { rest.isEmpty || rest.first == "#" }

    mutating func skipSpaces() {
        rest = rest.drop { $0 == " " || $0 == "\t" }
    }

    mutating func take(_ character: Character) -> Bool {
        guard rest.first == character else { return false }
        rest = rest.dropFirst()
        return true
    }

    private static func isBareKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-")
    }

    /// A bare key, or a quoted one (`"input"`, `'input'`), as TOML editors may write them.
    mutating func key() throws(ConfigError) -> String {
        if take("\"") { return try basicString() }
        if take("'") { return try literalString() }
        let key = rest.prefix(while: Self.isBareKeyCharacter)
        guard !key.isEmpty else { throw ConfigError(line: line, "expected a key name or a [table]") }
        rest = rest.dropFirst(key.count)
        return String(key)
    }

    mutating func tableHeader() throws(ConfigError) -> (String, Bool) {
        _ = take("[")
        let isArray = take("[")
        skipSpaces()
        let name = try key()
        skipSpaces()
        guard take("]"), !isArray || take("]") else {
            throw ConfigError(line: line, "malformed table header; write [\(name)] or [[\(name)]]")
        }
        skipSpaces()
        guard atEndOrComment else { throw ConfigError(line: line, "unexpected text after the table header") }
        return (name, isArray)
    }

    mutating func value() throws(ConfigError) -> TOMLValue {
        if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
            throw ConfigError(line: line, "multi-line strings are not used in watch.conf; keep the value on one line")
        }
        if take("\"") { return .string(try basicString()) }
        if take("'") { return .string(try literalString()) }
        let word = rest.prefix { !($0 == " " || $0 == "\t" || $0 == "#") }
        rest = rest.dropFirst(word.count)
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "": throw ConfigError(line: line, "missing value")
        default: break
        }
        let digits = String(word.filter { $0 != "_" })
        if let integer = Int(digits) { return .integer(integer) }
        if let number = Double(digits), number.isFinite, word.first != "." { return .float(number) }
        throw ConfigError(
            line: line, "'\(word)' is not a value; put text in double quotes, numbers as digits, or true/false")
    }

    private mutating func literalString() throws(ConfigError) -> String {
        guard let end = rest.firstIndex(of: "'") else { throw ConfigError(line: line, "unterminated string") }
        let text = rest[..<end]
        rest = rest[rest.index(after: end)...]
        return String(text)
    }

    /// The rest of a `"..."` string, with TOML's escapes: `\b \t \n \f \r \e \" \\`,
    /// `\uXXXX` and `\UXXXXXXXX`.
    private mutating func basicString() throws(ConfigError) -> String {
        var result = ""
        while let c = rest.first {
            rest = rest.dropFirst()
            switch c {
            case "\"": return result
            case "\\":
                guard let escaped = rest.first else { break }
                rest = rest.dropFirst()
                switch escaped {
                case "\\": result.append("\\")
                case "\"": result.append("\"")
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "e": result.append("\u{1B}")
                case "u": result.unicodeScalars.append(try unicodeEscape(digits: 4))
                case "U": result.unicodeScalars.append(try unicodeEscape(digits: 8))
                default: throw ConfigError(line: line, "unknown escape '\\\(escaped)' in a string")
                }
            default: result.append(c)
            }
        }
        throw ConfigError(line: line, "unterminated string")
    }

    private mutating func unicodeEscape(digits: Int) throws(ConfigError) -> Unicode.Scalar {
        let hex = rest.prefix(digits)
        guard hex.count == digits, hex.allSatisfy(\.isHexDigit), let code = UInt32(hex, radix: 16),
            let scalar = Unicode.Scalar(code)
        else {
            let form = digits == 4 ? "\\uXXXX" : "\\UXXXXXXXX"
            throw ConfigError(line: line, "bad escape in a string; write \(form) with the hex digits of a character")
        }
        rest = rest.dropFirst(digits)
        return scalar
    }
}
