#if canImport(Glibc)
import Glibc
#endif
internal import CFFmpeg

/// An FFmpeg write context over a descriptor we own, so that FFmpeg never opens a path and we
/// can sync the data before the file gets its name.
final class OutputSink {
    private let descriptor: Int32
    private(set) var ioContext: UnsafeMutablePointer<AVIOContext>?
    /// The first write error seen (errno), kept for the message.
    private(set) var writeError: Int32 = 0

    private static let bufferSize: Int32 = 256 * 1024

    init(descriptor: Int32) throws(MediaError) {
        self.descriptor = descriptor
        guard let buffer = av_malloc(Int(Self.bufferSize)) else {
            throw .internalFailure(operation: "allocating an output buffer", reason: "out of memory")
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        ioContext = avio_alloc_context(
            buffer.assumingMemoryBound(to: UInt8.self), Self.bufferSize, 1, opaque, nil,
            { opaque, buffer, size in
                Unmanaged<OutputSink>.fromOpaque(opaque!).takeUnretainedValue().write(buffer!, count: size)
            },
            { opaque, offset, whence in
                Unmanaged<OutputSink>.fromOpaque(opaque!).takeUnretainedValue().seek(to: offset, whence: whence)
            })
        if ioContext == nil {
            av_free(buffer)
            throw .internalFailure(operation: "allocating an output context", reason: "out of memory")
        }
    }

    deinit {
        if ioContext != nil {
            av_freep(&ioContext!.pointee.buffer)
            avio_context_free(&ioContext)
        }
    }

    private func write(_ buffer: UnsafeMutablePointer<UInt8>, count: Int32) -> Int32 {
        var written = 0
        while written < Int(count) {
            let result = Glibc.write(descriptor, buffer + written, Int(count) - written)
            if result < 0 {
                if errno == EINTR { continue }
                if writeError == 0 { writeError = errno }
                return st_averror(errno)
            }
            written += result
        }
        return count
    }

    private func seek(to offset: Int64, whence: Int32) -> Int64 {
        if whence & AVSEEK_SIZE != 0 {
            var status = stat()
            return fstat(descriptor, &status) == 0 ? Int64(status.st_size) : Int64(st_averror(errno))
        }
        let result = lseek(descriptor, off_t(offset), whence & ~AVSEEK_FORCE)
        return result < 0 ? Int64(st_averror(errno)) : Int64(result)
    }
}
