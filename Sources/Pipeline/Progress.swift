#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// The stages of a job, in order, with their share of the work for the progress display.
public enum Stage: String, Sendable, CaseIterable {
    case analyse = "analysing"
    case compose = "composing"
    case render = "rendering"
    case mix = "mixing"
    case write = "writing"

    var weight: Double {
        switch self {
        case .analyse: return 0.55
        case .compose: return 0.02
        case .render: return 0.2
        case .mix: return 0.03
        case .write: return 0.2
        }
    }
}

/// Shows how far a job has come: one updating line on a terminal, plain log lines otherwise.
/// Stages may report from several threads at once.
public final class ProgressReporter: Sendable {
    private struct State {
        var lastDrawn = ""
        var lastLoggedStage: Stage?
    }

    private let interactive: Bool
    private let logger: Logger
    private let state = Mutex(State())

    public init(interactive: Bool = isatty(STDERR_FILENO) == 1, logger: Logger) {
        self.interactive = interactive
        self.logger = logger
    }

    /// Reports `fraction` (0...1) of `stage`.
    public func update(_ stage: Stage, _ fraction: Double) {
        state.withLock { state in
            if interactive {
                let done = Stage.allCases.prefix { $0 != stage }.reduce(0) { $0 + $1.weight }
                let percent = Int(((done + stage.weight * min(1, max(0, fraction))) * 100).rounded(.down))
                let line = "\(stage.rawValue) \(percent)%"
                guard line != state.lastDrawn else { return }
                state.lastDrawn = line
                writeToStandardError("\r\(line.padding(toLength: 30, withPad: " ", startingAt: 0))")
            } else if stage != state.lastLoggedStage {
                state.lastLoggedStage = stage
                logger.info("stage started", metadata: ["stage": "\(stage.rawValue)"])
            }
        }
    }

    /// Clears the progress line before normal output.
    public func finish() {
        state.withLock { state in
            guard interactive, !state.lastDrawn.isEmpty else { return }
            writeToStandardError("\r\(String(repeating: " ", count: 30))\r")
            state.lastDrawn = ""
        }
    }
}

/// Writes straight to descriptor 2 (unbuffered, and free of the C `stderr` global).
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
}
