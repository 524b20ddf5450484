internal import CFFmpeg
import Synchronization

/// FFmpeg's own messages: kept off the terminal, with the last few warnings and errors held for
/// error reports. FFmpeg calls the log callback from its own threads, hence the mutex.
public enum FFmpegLog {
    private static let recent = Mutex<[String]>([])
    private static let keep = 40

    /// Routes FFmpeg's log into the ring of recent lines. Call once at start-up.
    public static func install() {
        av_log_set_level(AV_LOG_WARNING)
        av_log_set_callback { context, level, format, arguments in
            guard level <= AV_LOG_WARNING, let format, let arguments else { return }
            var buffer = [CChar](repeating: 0, count: 1024)
            var printPrefix: Int32 = 1
            av_log_format_line2(context, level, format, arguments, &buffer, Int32(buffer.count), &printPrefix)
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let trimmed = line.trimmingSpaces
            guard !trimmed.isEmpty else { return }
            FFmpegLog.recent.withLock { lines in
                lines.append(trimmed)
                if lines.count > FFmpegLog.keep { lines.removeFirst(lines.count - FFmpegLog.keep) }
            }
        }
    }

    /// The most recent warnings and errors FFmpeg reported, oldest first.
    public static var tail: [String] {
        recent.withLock { $0 }
    }

    /// Forgets what was collected (between jobs).
    public static func clear() {
        recent.withLock { $0.removeAll() }
    }
}
