import Logging

/// Passes each log line on with control characters in its message and metadata shown escaped
/// (`\n`, `\x1B`), as the command line shows file names: a name with a newline in it can neither
/// split a line of the daemon's log nor forge one.
struct EscapingLogHandler: LogHandler {
    private var upstream: any LogHandler

    init(_ upstream: any LogHandler) {
        self.upstream = upstream
    }

    var logLevel: Logger.Level {
        get { upstream.logLevel }
        set { upstream.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { upstream.metadata }
        set { upstream.metadata = newValue.mapValues(Self.escaped) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { upstream[metadataKey: key] }
        set { upstream[metadataKey: key] = newValue.map(Self.escaped) }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(DisplayName.escapingControls(event.message.description))"
        event.metadata = event.metadata?.mapValues(Self.escaped)
        upstream.log(event: event)
    }

    private static func escaped(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        .string(DisplayName.escapingControls("\(value)"))
    }
}
