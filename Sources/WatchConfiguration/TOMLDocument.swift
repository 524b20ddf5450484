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

/// The part of TOML that watch.conf uses, read line by line so that every error can name its
/// line: `[table]`, `[[array-of-tables]]`, `key = value` with bare or quoted keys, basic strings
/// (with every TOML escape, `\uXXXX` included) and literal strings, integers, floats and
/// booleans, and `#` comments; LF or CRLF line ends and a UTF-8 byte-order mark, as editors
/// write them. Anything else is an error, not a guess.
///
/// Parsing goes on after a mistake, so that `soundtrack check` can name every one: a line that
/// does not parse is skipped and reported in `problems`.
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
        /// False under a header that did not parse or repeats a table: its keys are not read, so
        /// that one mistake is reported once rather than once per key below it.
        var isUsable = true
    }

    /// Keys before any table header sit in a table with an empty name.
    var tables: [Table] = []
    /// Every line that did not parse, in order.
    var problems: [ConfigError] = []

    init(parsing text: String) {
        var current = Table(name: "", isArrayElement: false, line: 0)
        var seenTables: Set<String> = []
        for (index, rawLine) in Self.lines(of: text).enumerated() {
            let number = index + 1
            var scanner = TOMLLineScanner(rawLine, line: number)
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            do throws(ConfigError) {
                if scanner.peek == "[" {
                    tables.append(current)
                    current = Table(name: "", isArrayElement: false, line: number, isUsable: false)
                    let (name, isArray) = try scanner.tableHeader()
                    current = Table(name: name, isArrayElement: isArray, line: number)
                    if !isArray, !seenTables.insert(name).inserted {
                        current.isUsable = false
                        throw ConfigError(line: number, "table [\(name)] appears twice")
                    }
                    continue
                }
                let key = try scanner.key()
                scanner.skipSpaces()
                if scanner.peek == "." {
                    throw ConfigError(line: number, "dotted keys are not used in watch.conf; write '\(key)' inside its table")
                }
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
            } catch {
                problems.append(error)
            }
        }
        tables.append(current)
    }

    /// The lines of `text` without a leading byte-order mark; `\r\n` (one `Character` in Swift,
    /// so splitting on `\n` alone would never split it) and `\n` both end a line.
    static func lines(of text: String) -> [Substring] {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" {
            body = Substring(body.unicodeScalars.dropFirst())
        }
        return body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }
}
