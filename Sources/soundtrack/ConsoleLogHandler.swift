import Foundation
import Logging
import MediaIO
import Pipeline

/// Log lines for a person at a terminal: written through the `Console`, so that a notice never
/// lands on top of the progress line, and each on exactly one line (control characters in file
/// names are escaped). The format is swift-log's own: `<time> <level> <label>: <message> <metadata>`.
struct ConsoleLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    private let label: String
    private let console: Console

    init(label: String, level: Logger.Level, console: Console = .shared) {
        self.label = label
        self.logLevel = level
        self.console = console
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let text = ([Self.timestamp(), event.level.rawValue, "\(label):", "\(event.message)"] + fields)
            .joined(separator: " ")
        console.writeLines(DisplayName.escapingControls(text) + "\n")
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension LoggingOptions {
    /// The logger of the commands a person runs by hand (`make`, `analyze`): `-q` errors only,
    /// `-v` everything down to debug, otherwise notices on a terminal and info elsewhere.
    func makeConsoleLogger(interactive: Bool) -> Logger {
        let level: Logger.Level = quiet ? .error : verbose ? .debug : interactive ? .notice : .info
        LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label, level: level) }
        FFmpegLog.install()
        return Logger(label: "soundtrack")
    }
}
