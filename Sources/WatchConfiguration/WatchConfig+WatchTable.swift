import Composition
import FileSystem
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

extension WatchConfig {
    static let watchKeys = [
        "input", "output", "failed", "after", "style", "audio", "lufs", "seed", "prompt", "output_mode",
        "output_group", "report", "format",
    ]

    /// One `[[watch]]` table; nil when a required folder is missing (reported in `problems`).
    static func readWatch(
        _ table: TOMLDocument.Table, base: String, problems: inout [ConfigError]
    ) -> WatchFolder? {
        var folder = WatchFolder(input: "", output: "", failed: "")
        folder.line = table.line
        for entry in table.entries {
            folder.lines[entry.key] = entry.line
            do throws(ConfigError) {
                try folder.read(entry, base: base)
            } catch {
                problems.append(error)
            }
        }
        let required = [("input", folder.input), ("output", folder.output), ("failed", folder.failed)]
        for (key, value) in required where value.isEmpty && folder.lines[key] == nil {
            problems.append(ConfigError(line: table.line, "this [[watch]] has no \(key) folder"))
        }
        return required.allSatisfy { !$0.1.isEmpty } ? folder : nil
    }

    /// Outputs, failed files and moved inputs must not land where they would be taken as new
    /// drops, and two watches must not share an input folder.
    func folderOverlaps() -> [ConfigError] {
        var problems: [ConfigError] = []
        let inputs = folders.map(\.input)
        for folder in folders {
            var destinations = [("output", folder.output), ("failed", folder.failed)]
            if case .move(let target) = folder.after { destinations.append(("after", target)) }
            for (name, destination) in destinations {
                for input in inputs where FolderPaths.contains(input, destination) || destination == input {
                    problems.append(
                        ConfigError(
                            line: folder.lines[name] ?? folder.line,
                            "the \(name) folder \(destination) is inside the watched folder \(input); "
                                + "outputs there would be taken as new videos. Choose a folder outside it"))
                }
            }
            for other in inputs where other != folder.input && FolderPaths.contains(other, folder.input) {
                problems.append(ConfigError(line: folder.line, "the watched folder \(folder.input) is inside \(other)"))
            }
            if let first = folders.first(where: { $0.input == folder.input }), first.line != folder.line {
                problems.append(ConfigError(line: folder.line, "the folder \(folder.input) is watched twice"))
            }
        }
        return problems
    }
}

extension WatchFolder {
    fileprivate mutating func read(_ entry: TOMLDocument.Entry, base: String) throws(ConfigError) {
        let reader = ValueReader(entry: entry)
        switch entry.key {
        case "input": input = FolderPaths.absolute(try reader.string(), base: base)
        case "output": output = FolderPaths.absolute(try reader.string(), base: base)
        case "failed": failed = FolderPaths.absolute(try reader.string(), base: base)
        case "after":
            let text = try reader.string()
            switch text {
            case "keep": after = .keep
            case "delete": after = .delete
            case "": throw ConfigError(line: entry.line, "after must be \"keep\", \"delete\" or a folder")
            // A word that reads as an action ("Delete", "move") is a slip, not a folder to make
            // beside the configuration and move every input into.
            case _ where ["keep", "delete", "move", "remove", "trash"].contains(text.lowercased()):
                throw ConfigError(
                    line: entry.line,
                    "after must be \"keep\", \"delete\" or a folder (got \"\(text)\"; a folder of that name is \"./\(text)\")")
            default: after = .move(to: FolderPaths.absolute(text, base: base))
            }
        case "style":
            let text = try reader.string()
            if let problem = JobOptions.problem(style: text) { throw ConfigError(line: entry.line, problem) }
            style = text
        case "audio":
            let text = try reader.string()
            guard let mode = AudioMode(rawValue: text) else {
                throw ConfigError(line: entry.line, "audio must be auto, replace, mix or add (got \"\(text)\")")
            }
            audio = mode
        case "lufs": lufs = try reader.number(in: JobOptions.lufsRange)
        case "seed": seed = UInt64(try reader.integer(in: 0...Int.max))
        case "prompt": prompt = try reader.string()
        case "report": report = try reader.boolean()
        case "format":
            let text = try reader.string()
            guard WatchFolder.cueSheetFormats.contains(text) else {
                throw ConfigError(
                    line: entry.line,
                    "format must be one of \(WatchFolder.cueSheetFormats.map { "\"\($0)\"" }.joined(separator: ", ")) "
                        + "(what a dropped cue sheet becomes; got \"\(text)\")")
            }
            format = text
        case "output_mode":
            let text = try reader.string()
            guard (3...4).contains(text.count), let bits = UInt32(text, radix: 8), bits <= 0o777 else {
                throw ConfigError(
                    line: entry.line, "output_mode must be octal permission bits in quotes, like \"0640\" (got \"\(text)\")")
            }
            guard bits & 0o600 == 0o600 else {
                throw ConfigError(
                    line: entry.line, "output_mode \(text) would stop the daemon from reading and writing its own outputs; "
                        + "keep the owner's rw (6 first)")
            }
            outputMode = bits
        case "output_group":
            let name = try reader.string()
            guard let group = getgrnam(name) else {
                throw ConfigError(line: entry.line, "no group named \"\(name)\" on this system (output_group)")
            }
            outputGroup = UInt32(group.pointee.gr_gid)
        default:
            throw ConfigError(
                line: entry.line,
                "unknown key '\(entry.key)' in [[watch]]; known keys: \(WatchConfig.watchKeys.joined(separator: ", "))")
        }
    }
}
