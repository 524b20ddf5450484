import Logging
import Synchronization

/// Remembers the last `stage` a job logged, so a failure can say where it happened. The
/// pipeline's progress reporter logs "stage started" with a `stage` key; this handler sits in
/// front of the real one and reads that key on its way through.
struct StageRecorder: LogHandler {
    final class Box: Sendable {
        let stage = Mutex("probing")
        var current: String { stage.withLock { $0 } }
    }

    var upstream: any LogHandler
    let box: Box

    var metadata: Logger.Metadata {
        get { upstream.metadata }
        set { upstream.metadata = newValue }
    }

    /// At least `info` passes, so the stage is seen whatever the configured level; `log`
    /// filters for the real handler.
    var logLevel: Logger.Level {
        get { min(upstream.logLevel, .info) }
        set { upstream.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { upstream[metadataKey: key] }
        set { upstream[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        if let stage = event.metadata?["stage"] {
            box.stage.withLock { $0 = "\(stage)" }
        }
        if event.level >= upstream.logLevel { upstream.log(event: event) }
    }
}
