#if canImport(Glibc)
import Glibc
#endif

/// A file that becomes visible under its final name only once it is complete.
///
/// The data goes to an unnamed file in the destination folder (`O_TMPFILE`), or where the file
/// system cannot do that, to a hidden temporary name beside it. `commit()` syncs it and links it
/// into place without replacing anything (unless `replacing` is set, and then atomically). If the
/// process dies first, no partial file is left under the destination name.
public final class AtomicOutputFile {
    public let path: String
    let descriptor: Int32
    private let replacing: Bool
    /// Set when the fallback named temporary file is in use.
    private var temporaryPath: String?
    private var committed = false

    /// `O_TMPFILE` from <fcntl.h>, which Swift does not import (`__O_TMPFILE | O_DIRECTORY`).
    private static let openTemporaryFile: Int32 = 0o20_000_000 | O_DIRECTORY

    /// Checks that `path` can be created and reserves the space to write it.
    public init(path: String, replacing: Bool = false) throws(MediaError) {
        self.path = path
        self.replacing = replacing
        if !replacing, Self.exists(path) { throw .outputExists(path: path) }
        let folder = Self.folder(of: path)
        var fd = open(folder, Self.openTemporaryFile | O_RDWR | O_CLOEXEC, 0o644)
        if fd < 0, errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL {
            let name = ".\(Self.name(of: path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).part"
            let candidate = folder == "." ? name : "\(folder)/\(name)"
            fd = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
            if fd >= 0 { temporaryPath = candidate }
        }
        guard fd >= 0 else { throw .cannotWriteOutput(path: path, reason: Self.reason(errno)) }
        descriptor = fd
    }

    deinit {
        close(descriptor)
        if !committed, let temporaryPath { unlink(temporaryPath) }
    }

    /// Appends bytes (for small files such as MIDI and JSON; media goes through the muxer).
    public func write(_ bytes: [UInt8]) throws(MediaError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .cannotWriteOutput(path: path, reason: Self.reason(errno))
            }
            written += result
        }
    }

    /// Flushes the data to disk and gives the file its name.
    public func commit() throws(MediaError) {
        guard fsync(descriptor) == 0 else { throw .cannotWriteOutput(path: path, reason: Self.reason(errno)) }
        let source = temporaryPath ?? "/proc/self/fd/\(descriptor)"
        let flags = temporaryPath == nil ? AT_SYMLINK_FOLLOW : 0
        if replacing {
            let staging = "\(Self.folder(of: path))/.\(Self.name(of: path)).\(getpid()).replace"
            unlink(staging)
            guard linkat(AT_FDCWD, source, AT_FDCWD, staging, flags) == 0 else {
                throw .cannotWriteOutput(path: path, reason: Self.reason(errno))
            }
            guard rename(staging, path) == 0 else {
                let error = errno
                unlink(staging)
                throw .cannotWriteOutput(path: path, reason: Self.reason(error))
            }
        } else if linkat(AT_FDCWD, source, AT_FDCWD, path, flags) != 0 {
            let error = errno
            if error == EEXIST { throw .outputExists(path: path) }
            throw .cannotWriteOutput(path: path, reason: Self.reason(error))
        }
        if let temporaryPath { unlink(temporaryPath) }
        committed = true
        // Make the new directory entry durable too.
        let folder = open(Self.folder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The folder part of a path ("." when there is none).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func reason(_ error: Int32) -> String {
        switch error {
        case ENOSPC, EDQUOT: return "no space left on the device"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOENT, ENOTDIR: return "the folder does not exist"
        default: return String(cString: strerror(error))
        }
    }
}
