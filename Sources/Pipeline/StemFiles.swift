import Audio
import MediaIO

#if canImport(Glibc)
    import Glibc
#endif

/// The `--stems` folder: one 32-bit float WAV file per instrument track and one for the full
/// music mix, 48 kHz stereo, all starting at the video's first frame and exactly `frameCount`
/// frames long, so that they line up with the video and with each other in any editor.
///
/// The stems are the music as rendered, before it meets the original sound and before loudness
/// control: the track files add up to `mix.wav`. Each file appears under its name only when
/// it is complete.
final class StemFiles {
    private let files: [AtomicOutputFile]
    private let frameCount: Int
    private var framesWritten = 0

    /// The file names for tracks named `trackNames`: `1-melody.wav`, ..., and `mix.wav`.
    static func names(trackNames: [String]) -> [String] {
        trackNames.enumerated().map { index, name in
            let safe = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
            return "\(index + 1)-\(safe.isEmpty ? "track" : safe).wav"
        } + ["mix.wav"]
    }

    /// Creates `folder` if needed and claims every file in it (an existing file is an error
    /// unless `replacing`).
    init(folder: String, trackNames: [String], frameCount: Int, replacing: Bool) throws {
        let dataBytes = frameCount * 8
        guard dataBytes < Int(UInt32.max) - 64 else {
            throw PipelineError.cannotCreateOutput(
                path: folder, reason: "stems longer than 3 hours do not fit in WAV files; leave out --stems")
        }
        if FileSystemName.withBytes(folder, { mkdir($0, 0o755) }) != 0 && errno != EEXIST {
            throw PipelineError.cannotCreateOutput(
                path: folder, reason: "cannot create the stems folder: \(String(cString: strerror(errno)))")
        }
        files = try Self.names(trackNames: trackNames).map {
            try AtomicOutputFile(path: "\(folder)/\($0)", replacing: replacing)
        }
        self.frameCount = frameCount
        let header = Self.header(frameCount: frameCount)
        for file in files { try file.write(header) }
    }

    /// Appends one chunk of each track and of the mix (interleaved stereo, the same length);
    /// anything beyond `frameCount` frames is dropped.
    func append(mix: UnsafeBufferPointer<Float>, tracks: [UnsafeBufferPointer<Float>]) throws {
        let frames = min(mix.count / 2, frameCount - framesWritten)
        guard frames > 0 else { return }
        for (file, samples) in zip(files, tracks + [mix]) {
            try file.write(Self.bytes(UnsafeBufferPointer(rebasing: samples[0..<(frames * 2)])))
        }
        framesWritten += frames
    }

    /// Pads every file with silence to `frameCount` frames and gives the files their names.
    func commit() throws {
        while framesWritten < frameCount {
            let frames = min(16_384, frameCount - framesWritten)
            let silence = [UInt8](repeating: 0, count: frames * 8)
            for file in files { try file.write(silence) }
            framesWritten += frames
        }
        for file in files { try file.commit() }
    }

    private static func bytes(_ samples: UnsafeBufferPointer<Float>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: samples.count * 4) { buffer, count in
            for (index, sample) in samples.enumerated() {
                let bits = sample.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { raw in
                    for byte in 0..<4 { buffer[index * 4 + byte] = raw[byte] }
                }
            }
            count = samples.count * 4
        }
    }

    /// A RIFF/WAVE header for IEEE float stereo at 48 kHz (format 3, with the `fact` chunk
    /// that non-PCM WAV files carry).
    static func header(frameCount: Int) -> [UInt8] {
        let channels = AudioFormat.standard.channels
        let sampleRate = AudioFormat.standard.sampleRate
        let dataBytes = frameCount * channels * 4
        var bytes: [UInt8] = []
        func text(_ value: String) { bytes += Array(value.utf8) }
        func word(_ value: Int) { bytes += withUnsafeBytes(of: UInt16(value).littleEndian, Array.init) }
        func long(_ value: Int) { bytes += withUnsafeBytes(of: UInt32(value).littleEndian, Array.init) }
        text("RIFF")
        long(4 + (8 + 18) + (8 + 4) + (8 + dataBytes))
        text("WAVE")
        text("fmt ")
        long(18)
        word(3)  // WAVE_FORMAT_IEEE_FLOAT
        word(channels)
        long(sampleRate)
        long(sampleRate * channels * 4)
        word(channels * 4)
        word(32)
        word(0)
        text("fact")
        long(4)
        long(frameCount)
        text("data")
        long(dataBytes)
        return bytes
    }
}
