#if canImport(Glibc)
import Glibc
#endif
import Audio
import MediaIO

/// Interleaved stereo float samples parked in an unnamed temporary file, so that a long
/// soundtrack can be measured, then read back, without holding it in memory.
///
/// The file has no name (`O_TMPFILE`), so it disappears with the process however it ends.
final class PCMSpool: @unchecked Sendable {
    // Appending happens on one thread at a time; `replay(frames:)` and `read(into:atFrame:)` read
    // at explicit offsets without touching any state, so concurrent reads are safe.
    private let descriptor: Int32
    /// Frames written so far.
    private(set) var frameCount = 0
    /// The output this spool serves, named in error messages.
    private let outputPath: String
    private static let bytesPerFrame = AudioFormat.standard.channels * MemoryLayout<Float>.size

    /// `folder` should be on a disk, not in memory: the output's folder is a good choice.
    init(folder: String, for outputPath: String) throws(PipelineError) {
        self.outputPath = outputPath
        let openTemporaryFile: Int32 = 0o20_000_000 | O_DIRECTORY
        var fd = FileSystemName.withBytes(folder) { open($0, openTemporaryFile | O_RDWR | O_CLOEXEC, 0o600) }
        if fd < 0 {
            // File systems without O_TMPFILE: a named file, unlinked at once.
            var template = (FileSystemName.bytes(folder) + Array("/.soundtrack-spool-XXXXXX".utf8)).map {
                CChar(bitPattern: $0)
            } + [0]
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        }
        guard fd >= 0 else {
            throw .cannotCreateOutput(path: outputPath, reason: Self.reason(errno, folder: folder))
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    func append(_ samples: UnsafeBufferPointer<Float>) throws(PipelineError) {
        guard let base = samples.baseAddress, !samples.isEmpty else { return }
        let bytes = samples.count * MemoryLayout<Float>.size
        var written = 0
        while written < bytes {
            let result = pwrite(descriptor, UnsafeRawPointer(base) + written, bytes - written,
                                off_t(frameCount * Self.bytesPerFrame + written))
            if result < 0 {
                if errno == EINTR { continue }
                throw .cannotCreateOutput(path: outputPath, reason: Self.reason(errno, folder: AtomicOutputFile.folder(of: outputPath)))
            }
            written += result
        }
        frameCount += samples.count / 2
    }

    private static func reason(_ error: Int32, folder: String) -> String {
        switch error {
        case ENOSPC, EDQUOT: return "no space left in \(folder) for the temporary audio; free some space"
        case EACCES, EPERM, EROFS: return "\(folder) is not writable"
        default: return "temporary audio in \(folder): \(String(cString: strerror(error)))"
        }
    }

    /// Replays `frames` of the spool in chunks. Reads at explicit offsets and keeps no state,
    /// so several threads may replay different stretches at once.
    func replay(frames: Range<Int>, _ sink: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let chunkFrames = 16_384
        var buffer = [Float](repeating: 0, count: chunkFrames * 2)
        var frame = frames.lowerBound
        while frame < frames.upperBound {
            let count = min(chunkFrames, frames.upperBound - frame)
            let got = try buffer.withUnsafeMutableBufferPointer { buffer in
                try read(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(count * 2)]), atFrame: frame)
            }
            if got == 0 { break }
            try buffer.withUnsafeBufferPointer { try sink(UnsafeBufferPointer(rebasing: $0[0..<(got * 2)])) }
            frame += got
        }
    }

    /// Reads the frames from `frame` on into `buffer` (interleaved stereo); returns how many it
    /// read, fewer than asked at the end. Keeps no state, like `replay(frames:)`.
    func read(into buffer: UnsafeMutableBufferPointer<Float>, atFrame frame: Int) throws(PipelineError) -> Int {
        let wanted = buffer.count / 2 * Self.bytesPerFrame
        let start = off_t(frame * Self.bytesPerFrame)
        var got = 0
        while got < wanted {
            let result = pread(
                descriptor, UnsafeMutableRawPointer(buffer.baseAddress!) + got, wanted - got, start + off_t(got))
            if result < 0 {
                if errno == EINTR { continue }
                throw .internalFailure(reason: "reading temporary audio: \(String(cString: strerror(errno)))")
            }
            if result == 0 { break }
            got += result
        }
        return got / Self.bytesPerFrame
    }
}

/// Where spools are made: a folder on a disk (the output's), and the output they serve, named
/// in error messages.
struct SpoolPlace: Sendable {
    var folder: String
    var output: String

    init(output: String) {
        folder = AtomicOutputFile.folder(of: output)
        self.output = output
    }

    func makeSpool() throws(PipelineError) -> PCMSpool {
        try PCMSpool(folder: folder, for: output)
    }
}
