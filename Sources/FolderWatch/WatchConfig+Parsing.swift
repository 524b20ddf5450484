import Composition
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

extension WatchConfig {
    /// Reads and checks the watch.conf at `path`. Relative folder names are taken from the
    /// folder of the file.
    public static func load(path: String) throws(ConfigError) -> WatchConfig {
        guard let text = readText(path) else {
            throw ConfigError(
                file: path, line: 0, "cannot read the configuration (\(String(cString: strerror(errno))))")
        }
        do {
            return try parse(text, base: AtomicFolder.of(FolderPaths.absolute(path)))
        } catch {
            var error = error
            error.file = path
            throw error
        }
    }

    /// Parses watch.conf text; relative paths are resolved against `base`.
    public static func parse(_ text: String, base: String) throws(ConfigError) -> WatchConfig {
        let document = try TOMLDocument(parsing: text)
        var config = WatchConfig()
        for table in document.tables {
            switch (table.name, table.isArrayElement) {
            case ("", _):
                if let first = table.entries.first {
                    throw ConfigError(
                        line: first.line, "'\(first.key)' must be inside a [daemon] or [[watch]] table")
                }
            case ("daemon", false):
                try config.readDaemon(table, base: base)
            case ("watch", true):
                config.folders.append(try readWatch(table, base: base))
            case ("watch", false):
                throw ConfigError(line: table.line, "write [[watch]] (double brackets): there may be several")
            case ("daemon", true):
                throw ConfigError(line: table.line, "write [daemon] (single brackets): there is only one")
            default:
                throw ConfigError(line: table.line, "unknown table [\(table.name)]; expected [daemon] or [[watch]]")
            }
        }
        guard !config.folders.isEmpty else {
            throw ConfigError(line: 0, "no [[watch]] table: name at least one folder to watch")
        }
        try config.checkFolders()
        return config
    }

    private mutating func readDaemon(_ table: TOMLDocument.Table, base: String) throws(ConfigError) {
        for entry in table.entries {
            let reader = ValueReader(entry: entry)
            switch entry.key {
            case "workers": workers = try reader.integer(in: 1...64)
            case "journal": journal = FolderPaths.absolute(try reader.string(), base: base)
            case "settle_seconds": settleSeconds = try reader.number(in: 0...3600)
            case "poll_seconds": pollSeconds = try reader.number(in: 0...86_400)
            case "job_seconds": jobSeconds = try reader.number(in: 1...604_800)
            case "stop_seconds": stopSeconds = try reader.number(in: 0...3600)
            case "attempts": attempts = try reader.integer(in: 1...100)
            case "mode":
                let text = try reader.string()
                guard let chosen = WatchMode(rawValue: text) else {
                    throw ConfigError(line: entry.line, "mode must be \"auto\" or \"poll\" (got \"\(text)\")")
                }
                mode = chosen
            default:
                throw ConfigError(
                    line: entry.line,
                    "unknown key '\(entry.key)' in [daemon]; known keys: workers, journal, settle_seconds, "
                        + "poll_seconds, mode, job_seconds, stop_seconds, attempts")
            }
        }
    }

    private static func readWatch(_ table: TOMLDocument.Table, base: String) throws(ConfigError) -> WatchFolder {
        var input: String?
        var output: String?
        var failed: String?
        var folder = WatchFolder(input: "", output: "", failed: "")
        folder.line = table.line
        for entry in table.entries {
            let reader = ValueReader(entry: entry)
            folder.lines[entry.key] = entry.line
            switch entry.key {
            case "input": input = FolderPaths.absolute(try reader.string(), base: base)
            case "output": output = FolderPaths.absolute(try reader.string(), base: base)
            case "failed": failed = FolderPaths.absolute(try reader.string(), base: base)
            case "after":
                let text = try reader.string()
                switch text {
                case "keep": folder.after = .keep
                case "delete": folder.after = .delete
                case "": throw ConfigError(line: entry.line, "after must be \"keep\", \"delete\" or a folder")
                default: folder.after = .move(to: FolderPaths.absolute(text, base: base))
                }
            case "style":
                let text = try reader.string()
                let styles = ["auto"] + Composer.styles.map(\.name)
                guard styles.contains(text) else {
                    throw ConfigError(
                        line: entry.line, "unknown style \"\(text)\"; choose one of: \(styles.joined(separator: ", "))")
                }
                folder.style = text
            case "audio":
                let text = try reader.string()
                guard let mode = AudioMode(rawValue: text) else {
                    throw ConfigError(line: entry.line, "audio must be auto, replace, mix or add (got \"\(text)\")")
                }
                folder.audio = mode
            case "lufs": folder.lufs = try reader.number(in: -40 ... -5)
            case "seed": folder.seed = UInt64(try reader.integer(in: 0...Int.max))
            case "prompt": folder.prompt = try reader.string()
            default:
                throw ConfigError(
                    line: entry.line,
                    "unknown key '\(entry.key)' in [[watch]]; known keys: input, output, failed, after, style, "
                        + "audio, lufs, seed, prompt")
            }
        }
        guard let input else { throw ConfigError(line: table.line, "this [[watch]] has no input folder") }
        guard let output else { throw ConfigError(line: table.line, "this [[watch]] has no output folder") }
        guard let failed else { throw ConfigError(line: table.line, "this [[watch]] has no failed folder") }
        folder.input = input
        folder.output = output
        folder.failed = failed
        return folder
    }

    /// Outputs, failed files and moved inputs must not land where they would be taken as new
    /// drops, and two watches must not share an input folder.
    func checkFolders() throws(ConfigError) {
        let inputs = folders.map(\.input)
        for folder in folders {
            var destinations = [("output", folder.output), ("failed", folder.failed)]
            if case .move(let target) = folder.after { destinations.append(("after", target)) }
            for (name, destination) in destinations {
                for input in inputs where FolderPaths.contains(input, destination) || destination == input {
                    throw ConfigError(
                        line: folder.lines[name] ?? folder.line,
                        "the \(name) folder \(destination) is inside the watched folder \(input); "
                            + "outputs there would be taken as new videos. Choose a folder outside it")
                }
            }
            for other in inputs where other != folder.input && FolderPaths.contains(other, folder.input) {
                throw ConfigError(line: folder.line, "the watched folder \(folder.input) is inside \(other)")
            }
            if inputs.filter({ $0 == folder.input }).count > 1 {
                throw ConfigError(line: folder.line, "the folder \(folder.input) is watched twice")
            }
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
private struct ValueReader {
    var entry: TOMLDocument.Entry

    func string() throws(ConfigError) -> String {
        guard case .string(let text) = entry.value else { throw mismatch("a string in double quotes") }
        return text
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
