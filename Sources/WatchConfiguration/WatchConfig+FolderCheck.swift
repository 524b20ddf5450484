import FileSystem

#if canImport(Glibc)
    import Glibc
#endif

/// What `soundtrack check` (and every start and reload) asks of the folders a configuration
/// names, without creating anything: inputs exist and can be read, outputs, failed and after
/// folders exist or can be made and can be written, the journal's folder can be written.
/// The answers are for the user running the check, so `ExecReload=` in the unit (which runs as the
/// service user, inside its sandbox) sees what the daemon will see.
extension WatchConfig {
    /// - Parameter checkingAccess: whether to ask for read and write permission too. The daemon
    ///   itself starts without (an output folder that cannot be written now blocks its jobs until
    ///   it can, see `JobRunner.blockedOutput`); `soundtrack check` asks.
    public func folderProblems(checkingAccess: Bool = true) -> [ConfigError] {
        var problems: [ConfigError] = []
        for folder in folders {
            let inputLine = folder.lines["input"] ?? folder.line
            switch FileStatus(path: folder.input, followingLinks: true)?.kind {
            case .folder?:
                if checkingAccess, access(folder.input, R_OK | X_OK) != 0 {
                    problems.append(
                        ConfigError(line: inputLine, "the watched folder \(folder.input) cannot be read (\(Self.reason()))"))
                }
            case nil:
                problems.append(ConfigError(line: inputLine, "the watched folder \(folder.input) does not exist"))
            default:
                problems.append(ConfigError(line: inputLine, "the watched folder \(folder.input) is not a folder"))
            }
            var targets = [("output", folder.output), ("failed", folder.failed)]
            if case .move(let target) = folder.after { targets.append(("after", target)) }
            for (key, path) in targets {
                if let why = Self.unwritable(path, checkingAccess: checkingAccess) {
                    problems.append(
                        ConfigError(line: folder.lines[key] ?? folder.line, "the \(key) folder \(path) \(why)"))
                }
            }
        }
        guard checkingAccess, !journalIsShared else { return problems }
        if let why = Self.unwritable(AtomicFolder.of(journal)) {
            problems.append(ConfigError(line: journalLine, "the journal's folder \(AtomicFolder.of(journal)) \(why)"))
        } else if FileStatus(path: journal) != nil, access(journal, R_OK | W_OK) != 0 {
            problems.append(ConfigError(line: journalLine, "the journal \(journal) cannot be written (\(Self.reason()))"))
        }
        return problems
    }

    /// Why files cannot be made in the folder at `path` (which may not exist yet: then in the
    /// nearest folder above it, where it would be made), or nil when they can.
    static func unwritable(_ path: String, checkingAccess: Bool = true) -> String? {
        var current = path
        var missing = false
        while true {
            switch FileStatus(path: current, followingLinks: true)?.kind {
            case .folder?:
                guard !checkingAccess || access(current, W_OK | X_OK) == 0 else {
                    let reason = reason()
                    return missing
                        ? "does not exist and cannot be made in \(current) (\(reason))" : "cannot be written (\(reason))"
                }
                return nil
            case nil:
                missing = true
                let parent = AtomicFolder.of(current)
                if parent == current { return "cannot be made" }
                current = parent
            default:
                return current == path ? "is not a folder" : "cannot be made: \(current) is not a folder"
            }
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
