import Foundation

/// Where the package, the binary under test and the shared tools are, and which optional
/// system tools this machine has.
public enum TestEnvironment {
    /// The package root: the nearest folder above this file that holds `Package.swift`.
    public static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appending(path: "Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The `soundtrack` executable under test: `SOUNDTRACK_BIN` when set, else the one built
    /// beside this test bundle (whatever scratch path `swift test` used), else `.build/debug/soundtrack`.
    public static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SOUNDTRACK_BIN"], !path.isEmpty { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appending(path: "soundtrack").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appending(path: ".build/debug/soundtrack").path
    }()

    public static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// `../shared` beside the package (CI clones the repository with it there).
    public static let shared = packageRoot.deletingLastPathComponent().appending(path: "shared")

    /// A tool in `../shared/tools`, when it is there and executable.
    public static func sharedTool(_ name: String) -> URL? {
        let url = shared.appending(path: "tools/\(name)")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    public static func sharedMedia(_ name: String) -> URL { shared.appending(path: "media/\(name)") }
    public static func hasSharedMedia(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: sharedMedia(name).path)
    }

    /// Whether `name` is an executable on the PATH.
    public static func hasTool(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    /// Whether this process may make a private mount namespace and mount a tmpfs in it
    /// (root, or a container that allows it). Checked once.
    public static let canMountTmpfsPrivately: Bool = succeedsInPrivateMount(
        #"mount -t tmpfs -o size=64k tmpfs "$1""#)

    /// Whether it may also bind-mount that tmpfs read-only there, so that writing fails. Checked once.
    public static let canMountReadOnlyPrivately: Bool = succeedsInPrivateMount(
        #"mount -t tmpfs -o size=64k tmpfs "$1" && touch "$1/x" && mount --bind "$1" "$1" "#
            + #"&& mount -o remount,bind,ro "$1" && ! touch "$1/y" 2>/dev/null"#)

    /// Whether `script` succeeds in a private mount namespace, with a fresh folder as `$1`.
    private static func succeedsInPrivateMount(_ script: String) -> Bool {
        guard hasTool("unshare"), let probe = try? TemporaryFolder(prefix: "soundtrack-mount-probe") else {
            return false
        }
        let result = try? Subprocess.runBlocking(["unshare", "-m", "sh", "-c", script, "sh", probe.url.path])
        return result?.status == 0
    }
}
