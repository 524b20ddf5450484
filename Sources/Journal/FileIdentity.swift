#if canImport(Glibc)
    import Glibc
#endif

/// What makes a file "the same file" for the journal: where it is, its size and modification
/// time, and a hash of its first and last 64 KiB (so a different file later given the same name
/// and size is still told apart).
public struct FileIdentity: Sendable, Hashable, Codable {
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var modified: Int64
    /// FNV-1a over the head and tail, as 16 hex digits.
    public var hash: String

    public init(path: String, size: Int64, modified: Int64, hash: String) {
        self.path = path
        self.size = size
        self.modified = modified
        self.hash = hash
    }

    static let sampleBytes = 64 * 1024

    /// Reads the identity of the regular file at `path` without following a symlink.
    /// Nil when it is missing, not a regular file, or unreadable.
    public static func read(path: String) -> FileIdentity? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int64(status.st_size)
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var buffer = [UInt8](repeating: 0, count: sampleBytes)
        for offset in Set([0, max(0, size - Int64(sampleBytes))]).sorted() {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, sampleBytes, off_t(offset)) }
            guard count >= 0 else { return nil }
            for byte in buffer.prefix(count) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return FileIdentity(
            path: path, size: size, modified: modified,
            hash: String(repeating: "0", count: 16 - hex.count) + hex)
    }
}
