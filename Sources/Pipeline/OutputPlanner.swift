#if canImport(Glibc)
import Glibc
#endif
import Logging
import MediaIO

/// Decides where the output goes and in which container.
enum OutputPlanner {
    static func plan(options: JobOptions, info: MediaInfo, logger: Logger) throws -> (path: String, format: OutputFormat) {
        let path: String
        let format: OutputFormat
        if let requested = options.output {
            guard let chosen = OutputFormat.forPath(requested) else {
                throw PipelineError.usage(
                    "\(requested): unknown output container; use .mp4, .m4v, .mov, .mkv or .webm")
            }
            path = requested
            format = chosen
        } else {
            let (chosen, changed) = OutputFormat.forInput(path: options.input, info: info)
            if changed {
                logger.notice(
                    "the input's container cannot carry the new soundtrack cleanly; writing Matroska",
                    metadata: ["file": "\(options.input)", "container": "\(info.formatName)"])
            }
            format = chosen
            let beside = OutputFormat.defaultOutputPath(for: options.input, format: chosen)
            if let folder = options.outputFolder {
                let name = beside.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? beside
                path = folder.hasSuffix("/") ? folder + name : "\(folder)/\(name)"
            } else {
                path = beside
            }
        }
        if sameFile(path, options.input) {
            throw PipelineError.cannotCreateOutput(path: path, reason: "it is the input itself, which is never replaced")
        }
        return (path, format)
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard FileSystemName.withBytes(a, { stat($0, &first) }) == 0,
            FileSystemName.withBytes(b, { stat($0, &second) }) == 0
        else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
