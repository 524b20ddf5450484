import Foundation
import TestSupport
import Testing

@testable import MediaIO

@Suite("SlideshowWriter")
struct SlideshowWriterTests {
    init() {
        FFmpegLog.install()
    }

    /// A 440 Hz tone, for as long as it is asked.
    static func tone() -> SoundtrackSource {
        var phase = 0.0
        return { buffer in
            for frame in 0..<(buffer.count / 2) {
                let sample = Float(0.2 * sin(phase))
                buffer[2 * frame] = sample
                buffer[2 * frame + 1] = sample
                phase += 2 * Double.pi * 440 / 48_000
            }
            return buffer.count / 2
        }
    }

    /// ffprobe's answer for `entries` of `stream`, one CSV line per item.
    static func probe(_ path: String, stream: String, entries: String) throws -> [String] {
        try MediaProbe.csv(path, entries: entries, stream: stream).split(separator: "\n").map(String.init)
    }

    @Test(
        "Two photos for 10 and 15 frames: 25 frames, a key frame at each change, sound as long",
        arguments: [false, true])
    func writesShots(motion: Bool) async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let landscape = try PhotoReader().read(
            InputFile(path: try await Clip.markedJPEG.path()), fitting: PixelSize(width: 320, height: 180))
        let square = Photo(
            size: PixelSize(width: 100, height: 100), rgb: [UInt8](repeating: 200, count: 100 * 100 * 3),
            storedSize: PixelSize(width: 100, height: 100))
        let path = folder.path("show.mp4")
        let output = try AtomicOutputFile(path: path)
        let writer = SlideshowWriter(
            settings: SlideshowSettings(
                frameSize: PixelSize(width: 320, height: 180), framesPerSecond: 25, motion: motion))

        try writer.write(
            output: output, format: .mp4, shotFrames: [10, 15], photo: { $0 == 0 ? landscape : square },
            source: Self.tone())
        try output.commit()

        let packets = try Self.probe(path, stream: "v:0", entries: "packet=pts,flags")
        #expect(packets.count == 25)
        let keyFrames = packets.filter { $0.contains("K") }.compactMap { Int($0.split(separator: ",")[0]) }
        let timeBase = try Self.probe(path, stream: "v:0", entries: "stream=time_base").first ?? "1/25"
        let ticksPerFrame = (Int(timeBase.split(separator: "/").last ?? "25") ?? 25) / 25
        #expect(keyFrames.map { $0 / max(1, ticksPerFrame) } == [0, 10], "\(packets)")
        let size = try Self.probe(path, stream: "v:0", entries: "stream=width,height,pix_fmt")
        #expect(size == ["320,180,yuv420p"])
        let audio = try Self.probe(path, stream: "a:0", entries: "stream=codec_name,duration")
        let parts = audio.first?.split(separator: ",") ?? []
        #expect(parts.first == "aac")
        let seconds = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
        #expect(abs(seconds - 1.0) < 0.025, "audio lasts \(seconds) s")
    }

    /// The decoded pictures of `path` at 32x18 in grey, one array per frame as decoded (no frame
    /// added or dropped to keep a rate: Matroska's millisecond times would add one), with
    /// ffmpeg's errors.
    static func decodedFrames(_ path: String) throws -> (frames: [[UInt8]], errors: String) {
        let result = try Subprocess.runBlocking([
            "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf", "scale=32:18,format=gray", "-fps_mode",
            "passthrough", "-f", "rawvideo", "-",
        ])
        let data = [UInt8](result.standardOutput)
        let frames = stride(from: 0, to: data.count - 575, by: 576).map { Array(data[$0..<($0 + 576)]) }
        return (frames, result.standardError)
    }

    @Test(
        "Still photos: x264 codes the key pictures, the repeats decode cleanly to the same picture, in every container",
        arguments: [OutputFormat.mp4, .matroska, .mov])
    func repeatsStillPictures(format: OutputFormat) async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let landscape = try PhotoReader().read(
            InputFile(path: try await Clip.markedJPEG.path()), fitting: PixelSize(width: 320, height: 180))
        let square = Photo(
            size: PixelSize(width: 100, height: 100), rgb: [UInt8](repeating: 200, count: 100 * 100 * 3),
            storedSize: PixelSize(width: 100, height: 100))
        let path = folder.path("show.\(format.fileExtension)")
        let output = try AtomicOutputFile(path: path)
        let writer = SlideshowWriter(
            settings: SlideshowSettings(frameSize: PixelSize(width: 320, height: 180), framesPerSecond: 25))
        // The second photo is longer than the ten seconds between key pictures.
        try writer.write(
            output: output, format: format, shotFrames: [30, 270], photo: { $0 == 0 ? landscape : square },
            source: Self.tone())
        try output.commit()

        let decoded = try Self.decodedFrames(path)
        #expect(decoded.errors.isEmpty, "\(decoded.errors)")
        #expect(decoded.frames.count == 300)
        // Every frame of a photo is its first frame, and the two photos differ.
        let first = decoded.frames.first ?? []
        let second = decoded.frames.count > 30 ? decoded.frames[30] : []
        #expect(first != second)
        #expect(decoded.frames.prefix(30).allSatisfy { $0 == first })
        #expect(decoded.frames.dropFirst(30).allSatisfy { $0 == second })
        let packets = try Self.probe(path, stream: "v:0", entries: "packet=pts,flags")
        #expect(packets.count == 300)
        let keyFrames = packets.filter { $0.contains("K") }.count
        #expect(keyFrames == 3, "key pictures at 0, 30 and 280: \(keyFrames)")
        // The repeats cost bytes, not kilobytes.
        let sizes = try Self.probe(path, stream: "v:0", entries: "packet=size").compactMap { Int($0) }
        #expect(sizes.count == 300 && sizes.sorted()[sizes.count - 4] < 64, "\(sizes.sorted().suffix(5))")
    }
}
