import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts a program with posix_spawn and waits for it with waitpid. The child gets stdin from
/// /dev/null, stdout and stderr into the files given, and no other descriptor of this process:
/// a program that leaves a child of its own behind (`pg_ctl` starting a server) cannot hold a
/// pipe of ours open, the hang Foundation's Process meets when it waits for its pipes to close.
enum Spawn {
    /// The exit status, or 128 + N when signal N ended the program.
    static func run(
        _ arguments: [String], in folder: URL?, environment: [String: String], output: String, errors: String
    ) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let folder { _ = addChdir(&actions, folder.path) }
        _ = addCloseFrom(&actions, 3)

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &envp)
        guard started == 0 else { throw SpawnFailure(program: arguments[0], code: started) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    // Glibc's `_np` file actions are not visible to Swift without _GNU_SOURCE; looked up by name.
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
        -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    nonisolated(unsafe) private static let addChdir: AddChdir = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            fatalError("posix_spawn_file_actions_addchdir_np is missing (glibc 2.29 or later is needed)")
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    nonisolated(unsafe) private static let addCloseFrom: AddCloseFrom = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else {
            fatalError("posix_spawn_file_actions_addclosefrom_np is missing (glibc 2.34 or later is needed)")
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
}

struct SpawnFailure: Error, CustomStringConvertible {
    var program: String
    var code: Int32
    var description: String { "cannot start \(program): \(String(cString: strerror(code)))" }
}
