import Foundation

/// Where the package, the binary under test and the shared tools are, and which optional
/// system tools this machine has.
enum TestEnvironment {
    /// The package root: the nearest folder above this file that holds `Package.swift`.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appending(path: "Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The `soundtrack` executable: `SOUNDTRACK_BIN` if set, else the debug build in `.build`.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SOUNDTRACK_BIN"], !path.isEmpty { return path }
        return packageRoot.appending(path: ".build/debug/soundtrack").path
    }()

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// `../shared` beside the package (CI clones the repository with it there).
    static let shared = packageRoot.deletingLastPathComponent().appending(path: "shared")
    static let checkOutput = shared.appending(path: "tools/check-output")
    static var hasSharedTools: Bool { FileManager.default.isExecutableFile(atPath: checkOutput.path) }

    static func sharedMedia(_ name: String) -> URL { shared.appending(path: "media/\(name)") }
    static func hasSharedMedia(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: sharedMedia(name).path)
    }

    /// Whether `name` is an executable on the PATH.
    static func hasTool(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    /// Whether this process may make a private mount namespace and mount a tmpfs in it
    /// (root, or a container that allows it). Checked once.
    static let canMountPrivately: Bool = {
        guard hasTool("unshare"), let probe = try? TemporaryFolder(prefix: "soundtrack-mount-probe") else {
            return false
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "unshare", "-m", "sh", "-c",
            #"mount -t tmpfs -o size=64k tmpfs "$1" && touch "$1/x" && mount --bind "$1" "$1" "#
                + #"&& mount -o remount,bind,ro "$1" && ! touch "$1/y" 2>/dev/null"#,
            "sh", probe.url.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
