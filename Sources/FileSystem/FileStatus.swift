#if canImport(Glibc)
    import Glibc
#endif

/// What `lstat` says about a path (a symlink is described, not followed), or `stat` when asked
/// to follow links (for the folders a configuration names, which may be links to folders).
public struct FileStatus: Equatable, Sendable {
    public enum Kind: Sendable { case regular, folder, symlink, other }

    public var kind: Kind
    public var size: Int64
    /// Nanoseconds since 1970.
    public var modified: Int64
    public var links: Int

    public init?(path: String, followingLinks: Bool = false) {
        var status = stat()
        guard (followingLinks ? stat(path, &status) : lstat(path, &status)) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .folder
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        links = Int(status.st_nlink)
    }
}
