/// A watch.conf that cannot be used, with the line at fault (0 when the whole file is at fault).
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String?
    public var line: Int
    public var message: String

    init(file: String? = nil, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = [file, line > 0 ? String(line) : nil].compactMap { $0 }.joined(separator: ":")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
