/// A value in watch.conf, with the line it was written on.
enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "true or false"
        }
    }
}

/// The small part of TOML that watch.conf uses, read line by line so that every error can name
/// its line: `[table]`, `[[array-of-tables]]`, `key = value` with basic and literal strings,
/// integers, floats and booleans, and `#` comments. Anything else is an error, not a guess.
struct TOMLDocument {
    struct Entry {
        var key: String
        var value: TOMLValue
        var line: Int
    }

    struct Table {
        var name: String
        /// Whether it came from `[[name]]`.
        var isArrayElement: Bool
        var line: Int
        var entries: [Entry] = []
    }

    /// Keys before any table header sit in a table with an empty name.
    var tables: [Table] = []

    init(parsing text: String) throws(ConfigError) {
        var current = Table(name: "", isArrayElement: false, line: 0)
        var seenTables: Set<String> = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var scanner = LineScanner(Substring(rawLine), line: number)
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            if scanner.peek == "[" {
                let (name, isArray) = try scanner.tableHeader()
                if !isArray {
                    guard seenTables.insert(name).inserted else {
                        throw ConfigError(line: number, "table [\(name)] appears twice")
                    }
                }
                tables.append(current)
                current = Table(name: name, isArrayElement: isArray, line: number)
                continue
            }
            let key = try scanner.key()
            scanner.skipSpaces()
            guard scanner.take("=") else { throw ConfigError(line: number, "expected '=' after '\(key)'") }
            scanner.skipSpaces()
            let value = try scanner.value()
            scanner.skipSpaces()
            guard scanner.atEndOrComment else {
                throw ConfigError(line: number, "unexpected text after the value of '\(key)'")
            }
            if current.entries.contains(where: { $0.key == key }) {
                throw ConfigError(line: number, "'\(key)' is set twice in the same table")
            }
            current.entries.append(Entry(key: key, value: value, line: number))
        }
        tables.append(current)
    }
}

/// Reads the pieces of one line.
private struct LineScanner {
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

    mutating func key() throws(ConfigError) -> String {
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
        if take("\"") { return .string(try basicString()) }
        if take("'") {
            guard let end = rest.firstIndex(of: "'") else { throw ConfigError(line: line, "unterminated string") }
            let text = rest[..<end]
            rest = rest[rest.index(after: end)...]
            return .string(String(text))
        }
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
                default: throw ConfigError(line: line, "unknown escape '\\\(escaped)' in a string")
                }
            default: result.append(c)
            }
        }
        throw ConfigError(line: line, "unterminated string")
    }
}
