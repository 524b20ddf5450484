import ArgumentParser
import Composition
import Foundation
import Logging
import MediaIO
import Pipeline

@main
struct Soundtrack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soundtrack",
        abstract: "Give a video music that follows its scenes.",
        discussion: """
            Writes NAME.soundtrack.EXT beside the input (the input is never changed). Exit codes: 0 done, \
            64 usage, 65 not a usable video, 66 input missing or unreadable, 69 a needed component is \
            missing, 70 internal error, 73 cannot create the output, 75 interrupted.
            """,
        subcommands: [
            Make.self, Analyze.self, Styles.self, Daemon.self, Status.self, Check.self, Retry.self, Version.self,
        ],
        defaultSubcommand: Make.self)

    /// Parses and runs like argument-parser's own `main`, but a usage error gets one line
    /// ("soundtrack: ...") and exit code 64, not a usage block.
    static func main() {
        let arguments = DisplayName.arguments()
        if let early = earlyAnswer(to: arguments) {
            print(early)
            exit(withError: nil)
        }
        if let misread = fileReadAsOptions(in: arguments) {
            FileHandle.standardError.write(Data("\(DisplayName.escapingControls("soundtrack: \(misread)"))\n".utf8))
            exit(withError: ExitCode(64))
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
            } else {
                let message = Self.message(for: error)
                if !message.isEmpty {
                    let hint = code == .validationFailure ? " (see soundtrack --help)" : ""
                    let line = DisplayName.escapingControls("soundtrack: \(message)\(hint)")
                    FileHandle.standardError.write(Data("\(line)\n".utf8))
                }
            }
            exit(withError: code == .validationFailure ? ExitCode(64) : code)
        }
    }
}

/// Options shared by every subcommand that logs.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print debugging detail.")
    var verbose = false

    func makeLogger(interactive: Bool) -> Logger {
        let level: Logger.Level = quiet ? .error : verbose ? .debug : interactive ? .notice : .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return EscapingLogHandler(handler)
        }
        FFmpegLog.install()
        return Logger(label: "soundtrack")
    }
}

/// Prints the one line a failure gets and leaves with its exit code.
func fail(_ error: PipelineError) -> ExitCode {
    Console.shared.writeLines(DisplayName.escapingControls("soundtrack: \(error.description)") + "\n")
    return ExitCode(error.exitCode)
}

struct Styles: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the musical styles.")

    func run() {
        for style in Composer.styles {
            print("\(style.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(style.summary)")
        }
    }
}
