import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Standard error shared by the progress line and the log, so that neither writes over the
/// other: a log line first clears the progress line, then the progress line is drawn again
/// under it (as ffmpeg and cargo do).
public final class Console: Sendable {
    /// The process's one standard error.
    public static let shared = Console()

    private struct State {
        /// The progress line on screen now (without its leading carriage return), or "".
        var statusLine = ""
    }

    private let state = Mutex(State())

    init() {}

    /// Writes whole lines (each ending in a newline) above the progress line.
    public func writeLines(_ text: String) {
        state.withLock { state in
            if state.statusLine.isEmpty {
                Self.write(text)
            } else {
                Self.write("\r\u{1B}[K" + text + "\r" + state.statusLine)
            }
        }
    }

    /// Replaces the progress line (no newline; the next call overwrites it).
    func drawStatus(_ line: String) {
        state.withLock { state in
            state.statusLine = line
            Self.write("\r\u{1B}[K" + line)
        }
    }

    /// Removes the progress line, leaving the cursor at the start of an empty line.
    func clearStatus() {
        state.withLock { state in
            guard !state.statusLine.isEmpty else { return }
            state.statusLine = ""
            Self.write("\r\u{1B}[K")
        }
    }

    /// Writes straight to descriptor 2 (unbuffered, and free of the C `stderr` global).
    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let result = Glibc.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { return }
                offset += result
            }
        }
    }
}
