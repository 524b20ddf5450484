import Foundation
import TestSupport

/// A program run to its end by TestSupport's runner, with what it printed as text.
struct CommandResult {
    var status: Int32
    var output: String
    var errors: String

    static func soundtrack(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try run(TestEnvironment.binary, arguments, environment: environment)
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> CommandResult
    {
        let result = try Subprocess.runBlocking([program] + arguments, environment: environment)
        return CommandResult(status: result.status, output: result.standardOutputText, errors: result.standardError)
    }
}
