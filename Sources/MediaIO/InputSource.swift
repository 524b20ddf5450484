internal import CFFmpeg

/// One reader's view of an `InputFile`: an FFmpeg I/O context with its own position.
///
/// Owns the `AVIOContext`, released in `deinit`.
final class InputSource {
    let file: InputFile
    private var position: Int64 = 0
    private(set) var ioContext: UnsafeMutablePointer<AVIOContext>?

    private static let bufferSize: Int32 = 64 * 1024

    var size: Int64 { file.size }

    init(file: InputFile) throws(MediaError) {
        self.file = file
        guard let buffer = av_malloc(Int(Self.bufferSize)) else {
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
            throw .internalFailure(operation: "allocating an input context", reason: "out of memory")
        }
    }

    deinit {
        if ioContext != nil {
            av_freep(&ioContext!.pointee.buffer)
            avio_context_free(&ioContext)
        }
    }

    private func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int32) -> Int32 {
        let result = file.read(into: buffer, count: Int(count), at: position)
        if result > 0 {
            position += Int64(result)
            return Int32(result)
        }
        return result == 0 ? averrorEOF : st_averror(Int32(-result))
    }

    private func seek(to offset: Int64, whence: Int32) -> Int64 {
        switch whence & ~AVSEEK_FORCE {
        case AVSEEK_SIZE: return size
        case SEEK_SET: position = offset
        case SEEK_CUR: position += offset
        case SEEK_END: position = size + offset
        default: return Int64(st_averror(EINVAL))
        }
        return position
    }
}
