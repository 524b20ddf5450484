import FileSystem
import Foundation
import Logging
import MediaIO
import Pipeline
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// What `NAME.error.json` in the failed folder says.
struct ErrorReport: Codable, Sendable {
    var file: String
    var reason: String
    var stage: String
    var exitCode: Int32
    var attempts: Int
    var ffmpegLog: [String]
    var versions: [String: String] = [
        "soundtrack": ToolVersion.string, "ffmpeg": FFmpegVersion.string,
    ]
    var time = Date()
}

/// Moves files that keep failing out of the drop folder, with a report beside them.
enum Quarantine {
    /// Returns where the input now lies, or nil when it could not be moved (it stays in the drop
    /// folder).
    @discardableResult
    static func move(input: String, watch: WatchFolder, report: ErrorReport, logger: Logger) -> String? {
        let destination = OutputNames.destination(for: input, watch: watch, in: watch.failed)
        OutputNames.makeFolder(AtomicFolder.of(destination))
        var reportPath = destination + ".error.json"
        var moved: String? = destination
        if let reason = moveFile(input, to: destination) {
            moved = nil
            logger.error("could not move the input to the failed folder", metadata: ["reason": "\(reason)"])
            reportPath = OutputNames.destination(for: input, watch: watch, in: watch.failed) + ".error.json"
        }
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let file = try AtomicOutputFile(path: reportPath)
            try file.write(Array(try encoder.encode(report)) + [10])
            try file.commit()
        } catch {
            logger.error("could not write the error report", metadata: ["path": "\(reportPath)", "reason": "\(error)"])
        }
        return moved
    }

    /// Renames without replacing; across file systems, copies then removes the original.
    /// Returns nil on success, else the reason.
    static func moveFile(_ source: String, to destination: String) -> String? {
        OutputNames.makeFolder(AtomicFolder.of(destination))
        if FileStatus(path: source)?.kind == .folder {
            // A folder of photos moves whole; an existing destination is never replaced.
            guard FileStatus(path: destination) == nil else { return "\(destination) exists" }
            return rename(source, destination) == 0 ? nil : String(cString: strerror(errno))
        }
        // link + unlink never replaces an existing destination, unlike rename.
        if link(source, destination) == 0 {
            unlink(source)
            return nil
        }
        guard errno == EXDEV || errno == EPERM else { return String(cString: strerror(errno)) }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
            unlink(source)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
