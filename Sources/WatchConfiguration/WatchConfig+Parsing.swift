import Composition
import FileSystem
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

extension WatchConfig {
    /// Reads and checks the watch.conf at `path`. Relative folder names are taken from the
    /// folder of the file.
    public static func load(path: String) throws(ConfigError) -> WatchConfig {
        let (config, problems) = check(path: path)
        if let error = ConfigError.combining(problems) { throw error }
        return config
    }

    /// Reads and checks the watch.conf at `path`, going on after each mistake: the configuration
    /// as far as it could be read, and every problem found, each naming the file and line.
    public static func check(path: String) -> (config: WatchConfig, problems: [ConfigError]) {
        guard let text = readText(path) else {
            let reason = String(cString: strerror(errno))
            return (WatchConfig(), [ConfigError(file: path, line: 0, "cannot read the configuration (\(reason))")])
        }
        var (config, problems) = check(text, base: AtomicFolder.of(FolderPaths.absolute(path)))
        for index in problems.indices { problems[index].file = path }
        return (config, problems)
    }

    /// Parses watch.conf text; relative paths are resolved against `base`.
    public static func parse(_ text: String, base: String) throws(ConfigError) -> WatchConfig {
        let (config, problems) = check(text, base: base)
        if let error = ConfigError.combining(problems) { throw error }
        return config
    }

    /// Parses and checks watch.conf text, collecting every problem rather than stopping at the
    /// first, in line order.
    static func check(_ text: String, base: String) -> (config: WatchConfig, problems: [ConfigError]) {
        let document = TOMLDocument(parsing: text)
        var problems = document.problems
        var config = WatchConfig()
        for table in document.tables where table.isUsable {
            switch (table.name, table.isArrayElement) {
            case ("", _):
                if let first = table.entries.first {
                    problems.append(
                        ConfigError(line: first.line, "'\(first.key)' must be inside a [daemon] or [[watch]] table"))
                }
            case ("daemon", false):
                config.readDaemon(table, base: base, problems: &problems)
            case ("watch", true):
                if let folder = readWatch(table, base: base, problems: &problems) { config.folders.append(folder) }
            case ("watch", false):
                problems.append(ConfigError(line: table.line, "write [[watch]] (double brackets): there may be several"))
            case ("daemon", true):
                problems.append(ConfigError(line: table.line, "write [daemon] (single brackets): there is only one"))
            default:
                problems.append(
                    ConfigError(line: table.line, "unknown table [\(table.name)]; expected [daemon] or [[watch]]"))
            }
        }
        if !document.tables.contains(where: { $0.name == "watch" && $0.isArrayElement }) {
            problems.append(ConfigError(line: 0, "no [[watch]] table: name at least one folder to watch"))
        }
        problems += config.folderOverlaps()
        problems += config.listenProblems()
        problems.sort { ($0.line == 0 ? Int.max : $0.line) < ($1.line == 0 ? Int.max : $1.line) }
        return (config, problems)
    }

    private mutating func readDaemon(_ table: TOMLDocument.Table, base: String, problems: inout [ConfigError]) {
        for entry in table.entries {
            daemonLines[entry.key] = entry.line
            do throws(ConfigError) {
                try readDaemon(entry, base: base)
            } catch {
                problems.append(error)
            }
        }
    }

    private mutating func readDaemon(_ entry: TOMLDocument.Entry, base: String) throws(ConfigError) {
        let reader = ValueReader(entry: entry)
        switch entry.key {
        case "workers": workers = try reader.integer(in: 1...64)
        case "journal": journal = try Self.journalLocation(reader, base: base)
        case "journal_password_file": journalPasswordFile = FolderPaths.absolute(try reader.string(), base: base)
        case "machine":
            let name = try reader.string()
            guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw ConfigError(line: entry.line, "machine must be a name of 1 to 64 characters without spaces")
            }
            machine = name
        case "lease_seconds": leaseSeconds = try reader.number(in: 3...86_400)
        case "settle_seconds": settleSeconds = try reader.number(in: 0...3600)
        case "poll_seconds": pollSeconds = try reader.number(in: 0...86_400)
        case "job_seconds": jobSeconds = try reader.number(in: 1...604_800)
        case "stop_seconds": stopSeconds = try reader.number(in: 0...3600)
        case "attempts": attempts = try reader.integer(in: 1...100)
        case "listen", "listen_remote": try readListen(entry)
        case "mode":
            let text = try reader.string()
            guard let chosen = WatchMode(rawValue: text) else {
                throw ConfigError(line: entry.line, "mode must be \"auto\" or \"poll\" (got \"\(text)\")")
            }
            mode = chosen
        default:
            throw ConfigError(
                line: entry.line,
                "unknown key '\(entry.key)' in [daemon]; known keys: workers, journal, journal_password_file, "
                    + "machine, lease_seconds, settle_seconds, poll_seconds, mode, job_seconds, stop_seconds, "
                    + "attempts, listen, listen_remote")
        }
    }

    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer.prefix(count)
            if bytes.count > 1 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Checks the type and range of one value.
struct ValueReader {
    var entry: TOMLDocument.Entry

    func string() throws(ConfigError) -> String {
        guard case .string(let text) = entry.value else { throw mismatch("a string in double quotes") }
        return text
    }

    func boolean() throws(ConfigError) -> Bool {
        guard case .boolean(let value) = entry.value else { throw mismatch("true or false") }
        return value
    }

    func integer(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard case .integer(let value) = entry.value else { throw mismatch("a whole number") }
        guard range.contains(value) else { throw outOfRange(range.lowerBound, range.upperBound) }
        return value
    }

    func number(in range: ClosedRange<Double>) throws(ConfigError) -> Double {
        let value: Double
        switch entry.value {
        case .integer(let integer): value = Double(integer)
        case .float(let float): value = float
        default: throw mismatch("a number")
        }
        guard range.contains(value) else { throw outOfRange(range.lowerBound, range.upperBound) }
        return value
    }

    private func mismatch(_ wanted: String) -> ConfigError {
        ConfigError(line: entry.line, "\(entry.key) must be \(wanted), not \(entry.value.typeName)")
    }

    private func outOfRange<T>(_ low: T, _ high: T) -> ConfigError {
        ConfigError(line: entry.line, "\(entry.key) must be between \(low) and \(high)")
    }
}
