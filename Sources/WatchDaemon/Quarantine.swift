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
    /// Returns nil on success, else the reason. The copy gets its name only once it is whole and
    /// on disk, so a full or failing destination never holds a partial file under the real name
    /// (the original stays where it was).
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
        do throws(MediaError) {
            try copy(source, to: destination)
        } catch {
            return error.description
        }
        unlink(source)
        return nil
    }

    /// Copies `source` to a new file at `destination` (never replacing one), keeping its mode
    /// and modification time; the destination appears only when the copy is complete.
    private static func copy(_ source: String, to destination: String) throws(MediaError) {
        let input = open(source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard input >= 0 else { throw .cannotWriteOutput(path: destination, reason: String(cString: strerror(errno))) }
        defer { close(input) }
        let file = try AtomicOutputFile(path: destination)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .cannotWriteOutput(path: destination, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            try file.write(Array(buffer.prefix(count)))
        }
        try file.commit()
        var status = stat()
        if fstat(input, &status) == 0 {
            chmod(destination, status.st_mode & 0o7777)
            let times = [status.st_atim, status.st_mtim]
            _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, destination, $0.baseAddress, AT_SYMLINK_NOFOLLOW) }
        }
    }
}
