#if canImport(Glibc)
import Glibc
#endif

/// A video file opened once, read-only, without following symlinks, and checked to be a
/// regular file. Every reader of the job (probe, analysis, the remux) reads through this one
/// descriptor with its own position, so the file cannot be swapped between them and FFmpeg
/// never opens anything by name.
public final class InputFile: Sendable {
    public let path: String
    /// Size in bytes when it was opened.
    public let size: Int64
    let descriptor: Int32

    public init(path: String) throws(MediaError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let error = errno
            switch error {
            case ENOENT, ENOTDIR:
                throw .inputMissing(path: path)
            case ELOOP:
                throw .inputUnreadable(path: path, reason: "it is a symbolic link; pass the file it points to")
            default:
                throw .inputUnreadable(path: path, reason: String(cString: strerror(error)))
            }
        }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .inputUnreadable(path: path, reason: "not a regular file")
        }
        // O_NONBLOCK only kept the open from hanging on a FIFO; regular files read normally.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        descriptor = fd
        size = Int64(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to `count` bytes at `offset`; returns bytes read (0 at the end) or -errno.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int {
        while true {
            let result = pread(descriptor, buffer, count, off_t(offset))
            if result >= 0 { return result }
            if errno == EINTR { continue }
            return -Int(errno)
        }
    }
}
