import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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

/// Shows how far a job has come: one updating line on a terminal (stage, percent, elapsed
/// time, speed and time left, like ffmpeg's), one JSON object a line for scripts, plain log
/// lines, or nothing. Stages may report from several threads at once.
public final class ProgressReporter: Sendable {
    public enum Display: String, Sendable, CaseIterable {
        /// One line on standard error, redrawn in place.
        case line
        /// One JSON object per line on standard error: `stage`, `fraction` (of the whole job,
        /// 0...1), `elapsed` and `eta` in seconds, `speed` as a multiple of real time.
        case json
        /// A log line as each stage starts.
        case log
        case none
    }

    private struct State {
        var fraction = 0.0
        var mediaSeconds: Double?
        var lastDrawn = ""
        var lastLoggedStage: Stage?
        var lastJSON: (stage: Stage, fraction: Double, elapsed: Double)?
    }

    private let display: Display
    private let stages: [Stage]
    private let logger: Logger
    private let console: Console
    private let started = Date()
    private let state = Mutex(State())

    /// A line on a terminal, log lines otherwise.
    public convenience init(interactive: Bool = isatty(STDERR_FILENO) == 1, logger: Logger) {
        self.init(display: interactive ? .line : .log, logger: logger)
    }

    /// - Parameter stages: the stages this job goes through (`analyze` has only the first), so
    ///   that the last one ends at 100 %.
    public init(display: Display, stages: [Stage] = Stage.allCases, logger: Logger, console: Console = .shared) {
        self.display = display
        self.stages = stages
        self.logger = logger
        self.console = console
    }

    /// The length of the media, once known: progress then shows the speed as a multiple of
    /// real time.
    public func setMediaDuration(_ seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        state.withLock { $0.mediaSeconds = seconds }
    }

    /// Reports `fraction` (0...1) of `stage`.
    public func update(_ stage: Stage, _ fraction: Double) {
        guard display != .none else { return }
        let total = stages.reduce(0) { $0 + $1.weight }
        let before = stages.prefix { $0 != stage }.reduce(0) { $0 + $1.weight }
        let overall = min(1, (before + stage.weight * min(1, max(0, fraction))) / total)
        let elapsed = Date().timeIntervalSince(started)
        state.withLock { state in
            // Parts finishing out of order must not move the display backwards.
            state.fraction = max(state.fraction, overall)
            switch display {
            case .line:
                let line = Self.line(
                    stage: stage, fraction: state.fraction, elapsed: elapsed, mediaSeconds: state.mediaSeconds)
                guard line != state.lastDrawn else { return }
                state.lastDrawn = line
                console.drawStatus(line)
            case .json:
                if let last = state.lastJSON, last.stage == stage, state.fraction - last.fraction < 0.01,
                    elapsed - last.elapsed < 1
                {
                    return
                }
                state.lastJSON = (stage, state.fraction, elapsed)
                console.writeLines(
                    Self.json(
                        stage: stage.rawValue, fraction: state.fraction, elapsed: elapsed,
                        mediaSeconds: state.mediaSeconds) + "\n")
            case .log:
                guard stage != state.lastLoggedStage else { return }
                state.lastLoggedStage = stage
                logger.info("stage started", metadata: ["stage": "\(stage.rawValue)"])
            case .none:
                return
            }
        }
    }

    /// The job is done: a last JSON line at fraction 1, and the progress line cleared before
    /// normal output.
    public func complete() {
        if display == .json {
            let elapsed = Date().timeIntervalSince(started)
            let media = state.withLock { state in
                state.fraction = 1
                return state.mediaSeconds
            }
            console.writeLines(Self.json(stage: "done", fraction: 1, elapsed: elapsed, mediaSeconds: media) + "\n")
        }
        finish()
    }

    /// Clears the progress line (after a failure, or before normal output).
    public func finish() {
        guard display == .line else { return }
        state.withLock { $0.lastDrawn = "" }
        console.clearStatus()
    }
}

extension ProgressReporter {
    /// Media seconds done per second of work, once there is enough to tell.
    static func speed(fraction: Double, elapsed: Double, mediaSeconds: Double?) -> Double? {
        guard let mediaSeconds, elapsed > 0.5, fraction > 0.01 else { return nil }
        return fraction * mediaSeconds / elapsed
    }

    /// Seconds left at the pace so far, once there is enough to tell.
    static func remaining(fraction: Double, elapsed: Double) -> Double? {
        guard elapsed > 0.5, fraction > 0.02 else { return nil }
        return elapsed * (1 - fraction) / fraction
    }

    /// "rendering  63%  elapsed 0:12  speed 4.1x  left 0:07".
    static func line(stage: Stage, fraction: Double, elapsed: Double, mediaSeconds: Double?) -> String {
        var line = "\(stage.rawValue) \(String(Int((fraction * 100).rounded(.down))).leftPadded(to: 3))%"
        line += "  elapsed \(clock(elapsed))"
        if let speed = speed(fraction: fraction, elapsed: elapsed, mediaSeconds: mediaSeconds) {
            line += "  speed \(String(format: speed < 10 ? "%.1f" : "%.0f", speed))x"
        }
        if let left = remaining(fraction: fraction, elapsed: elapsed) {
            line += "  left \(clock(left))"
        }
        return line
    }

    /// One JSON object, keys in a fixed order; unknown figures are null.
    static func json(stage: String, fraction: Double, elapsed: Double, mediaSeconds: Double?) -> String {
        func number(_ value: Double?, _ places: Int) -> String {
            guard let value, value.isFinite else { return "null" }
            return String(format: "%.\(places)f", value)
        }
        // At the end the speed is exact, however short the job.
        let speed =
            fraction >= 1 && elapsed > 0
            ? mediaSeconds.map { $0 / elapsed }
            : speed(fraction: fraction, elapsed: elapsed, mediaSeconds: mediaSeconds)
        let eta = fraction >= 1 ? 0 : remaining(fraction: fraction, elapsed: elapsed)
        return #"{"stage":"\#(stage)","fraction":\#(number(fraction, 4)),"elapsed":\#(number(elapsed, 3)),"#
            + #""speed":\#(number(speed, 2)),"eta":\#(number(eta, 1))}"#
    }

    /// "0:07", "12:34", "1:02:03".
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        let tail = String(format: "%02d", rest)
        return hours > 0 ? "\(hours):\(String(format: "%02d", minutes)):\(tail)" : "\(minutes):\(tail)"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
