/// A watch.conf that cannot be used, with the line at fault (0 when the whole file is at fault).
///
/// Checking goes on after the first mistake: `more` holds the others, so that one run of
/// `soundtrack check` (or one failed start or reload) names every line to fix.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String?
    public var line: Int
    public var message: String
    /// Further problems found in the same file, in order.
    public var more: [ConfigError] = []

    init(file: String? = nil, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// This problem and every other one found with it.
    public var all: [ConfigError] {
        var first = self
        first.more = []
        return [first] + more
    }

    /// The first problem, and how many more there are.
    public var description: String {
        let place = [file, line > 0 ? String(line) : nil].compactMap { $0 }.joined(separator: ":")
        let text = place.isEmpty ? message : "\(place): \(message)"
        guard !more.isEmpty else { return text }
        let count = more.count == 1 ? "1 more problem" : "\(more.count) more problems"
        return text + " (and \(count); 'soundtrack check --config FILE' lists them all)"
    }

    /// Gathers several problems into one error; nil when there are none.
    public static func combining(_ problems: [ConfigError]) -> ConfigError? {
        guard var first = problems.first else { return nil }
        first.more = Array(problems.dropFirst())
        return first
    }
}
