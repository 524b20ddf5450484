#if canImport(Glibc)
import Glibc
#endif
import Logging

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
public final class ProgressReporter: @unchecked Sendable {
    // Used from the one thread that runs the job; never shared.
    private let interactive: Bool
    private let logger: Logger
    private var lastDrawn = ""
    private var lastLoggedStage: Stage?

    public init(interactive: Bool = isatty(STDERR_FILENO) == 1, logger: Logger) {
        self.interactive = interactive
        self.logger = logger
    }

    /// Reports `fraction` (0...1) of `stage`.
    public func update(_ stage: Stage, _ fraction: Double) {
        if interactive {
            let done = Stage.allCases.prefix { $0 != stage }.reduce(0) { $0 + $1.weight }
            let percent = Int(((done + stage.weight * min(1, max(0, fraction))) * 100).rounded(.down))
            let line = "\(stage.rawValue) \(percent)%"
            guard line != lastDrawn else { return }
            lastDrawn = line
            let padded = line.padding(toLength: 30, withPad: " ", startingAt: 0)
            writeToStandardError("\r\(padded)")
        } else if stage != lastLoggedStage {
            lastLoggedStage = stage
            logger.info("stage started", metadata: ["stage": "\(stage.rawValue)"])
        }
    }

    /// Clears the progress line before normal output.
    public func finish() {
        guard interactive, !lastDrawn.isEmpty else { return }
        writeToStandardError("\r\(String(repeating: " ", count: 30))\r")
        lastDrawn = ""
    }
}

/// Writes straight to descriptor 2 (unbuffered, and free of the C `stderr` global).
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
}
