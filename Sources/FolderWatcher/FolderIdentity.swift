#if canImport(Glibc)
    import Glibc
#endif

/// Which folder a path names now: its device and inode, symlinks followed. A folder deleted and
/// made again, moved away and back, or with a file system mounted over it has a new identity
/// under the same path, and inotify's watch stays with the old one.
public struct FolderIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// Nil when nothing is at `path`, or something that is not a folder.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}
