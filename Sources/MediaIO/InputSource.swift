#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// A file opened once, read-only, without following symlinks, and handed to FFmpeg through a
/// custom I/O context, so FFmpeg never opens anything by name.
///
/// Owns the descriptor and the `AVIOContext`; both are released in `deinit`.
final class InputSource {
    let path: String
    let size: Int64
    private let descriptor: Int32
    private(set) var ioContext: UnsafeMutablePointer<AVIOContext>?

    private static let bufferSize: Int32 = 64 * 1024

    init(path: String) throws(MediaError) {
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
        // O_NONBLOCK only guarded the open against FIFOs; regular files read normally.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.descriptor = fd
        self.size = Int64(status.st_size)

        guard let buffer = av_malloc(Int(Self.bufferSize)) else {
            close(fd)
            throw .internalFailure(operation: "allocating an input buffer", reason: "out of memory")
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        ioContext = avio_alloc_context(
            buffer.assumingMemoryBound(to: UInt8.self), Self.bufferSize, 0, opaque,
            { opaque, buffer, size in
                let source = Unmanaged<InputSource>.fromOpaque(opaque!).takeUnretainedValue()
                return source.read(into: buffer!, count: size)
            },
            nil,
            { opaque, offset, whence in
                let source = Unmanaged<InputSource>.fromOpaque(opaque!).takeUnretainedValue()
                return source.seek(to: offset, whence: whence)
            })
        if ioContext == nil {
            av_free(buffer)
            close(fd)
            throw .internalFailure(operation: "allocating an input context", reason: "out of memory")
        }
    }

    deinit {
        if ioContext != nil {
            av_freep(&ioContext!.pointee.buffer)
            avio_context_free(&ioContext)
        }
        close(descriptor)
    }

    private func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int32) -> Int32 {
        while true {
            let result = Glibc.read(descriptor, buffer, Int(count))
            if result > 0 { return Int32(result) }
            if result == 0 { return averrorEOF }
            if errno == EINTR { continue }
            return st_averror(errno)
        }
    }

    private func seek(to offset: Int64, whence: Int32) -> Int64 {
        if whence & AVSEEK_SIZE != 0 { return size }
        let result = lseek(descriptor, off_t(offset), whence & ~AVSEEK_FORCE)
        return result < 0 ? Int64(st_averror(errno)) : Int64(result)
    }
}
