import Foundation
import TestSupport
import Testing

/// Runs a command in a private mount namespace (`unshare -m`) with a folder remounted for the
/// occasion, and lists that folder, hidden files included, as the command left it. The mount
/// disappears with the namespace.
enum PrivateMount {
    enum Kind: Sendable {
        /// The folder, bound onto itself read-only.
        case readOnlyBind
        /// An empty tmpfs of this size ("1m") over the folder.
        case tmpfs(size: String)
    }

    /// Exit status of the script when the mount itself failed.
    static let mountFailed: Int32 = 97
    private static let marker = "@@listing@@"

    static func run(_ kind: Kind, at folder: URL, command: [String]) async throws -> (ProcessResult, listing: [String])
    {
        let mount: String
        switch kind {
        case .readOnlyBind:
            mount = #"mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir""#
        case .tmpfs(let size):
            mount = #"mount -t tmpfs -o size=\#(size) tmpfs "$dir""#
        }
        let script = """
            dir=$1; shift
            \(mount) || exit \(mountFailed)
            "$@"; status=$?
            printf '\\n\(marker)\\n'; ls -A "$dir"
            exit $status
            """
        var result = try await Subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", folder.path] + command)
        try #require(result.status != mountFailed, "could not mount over \(folder.path): \(result.standardError)")
        let text = result.standardOutputText
        guard let range = text.range(of: "\n\(marker)\n") else {
            Issue.record("the listing is missing: \(result.summary)")
            return (result, [])
        }
        let listing = text[range.upperBound...].split(separator: "\n").map(String.init).sorted()
        result.standardOutput = Data(text[..<range.lowerBound].utf8)
        return (result, listing)
    }
}
