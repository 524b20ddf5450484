import ArgumentParser
import Foundation

extension Soundtrack {
    /// `--version`, and `--help` for the command most people run: the main command's options
    /// with examples, then the other subcommands (argument-parser alone would show only the
    /// subcommands, and hide the options under `help make`).
    static func earlyAnswer(to arguments: [String]) -> String? {
        switch arguments {
        case ["--version"], ["-V"]: return Version.text
        case ["--help"], ["-h"], ["help"]: return mainHelp
        default: return nil
        }
    }

    /// What to say when an existing file's name starts with "-" before any "--": argument-parser
    /// reads such a name as a group of short options (`-dash.mp4` as -d -a -s -h ..., which
    /// printed the help and exited 0 with nothing done), never as a file.
    static func fileReadAsOptions(in arguments: [String]) -> String? {
        let beforeEnd = arguments.prefix { $0 != "--" }
        guard
            let name = beforeEnd.first(where: {
                $0.count > 2 && $0.hasPrefix("-") && !$0.hasPrefix("--") && FileManager.default.fileExists(atPath: $0)
            })
        else { return nil }
        return "\(name) starts with \"-\" and reads as options: name it ./\(name), or put it last, after --"
    }

    static var mainHelp: String {
        var makeHelp = helpMessage(for: Make.self)
        // Make's own overview line gives way to the tool's.
        if makeHelp.hasPrefix("OVERVIEW:"), let end = makeHelp.range(of: "\n\n") {
            makeHelp.removeSubrange(makeHelp.startIndex..<end.upperBound)
        }
        let others = configuration.subcommands.filter { ObjectIdentifier($0) != ObjectIdentifier(Make.self) }.map {
            command in
            let name = command.configuration.commandName ?? "\(command)".lowercased()
            return "  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(command.configuration.abstract)"
        }
        return """
            OVERVIEW: \(configuration.abstract)

            \(makeHelp.trimmingTrailingNewlines)

            OTHER COMMANDS:
            \(others.joined(separator: "\n"))
              See 'soundtrack help <command>' for a command's options.

            EXIT CODES: 0 done, 64 usage, 65 not a usable video, photo or cue sheet, 66 input missing or unreadable,
              69 a needed component (a SoundFont) is missing, 70 internal error, 73 cannot create the output,
              75 interrupted.
            """
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var copy = self
        while copy.last == "\n" { copy.removeLast() }
        return copy
    }
}
