import Foundation
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
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", entries, "-of", "csv=p=0", path,
        ]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("Two photos for 10 and 15 frames: 25 frames, a key frame at each change, sound as long", arguments: [false, true])
    func writesShots(motion: Bool) async throws {
        let folder = try TestFolder()
        let landscape = try PhotoReader().read(
            InputFile(path: try await Fixture.markedJPEG.path()), fitting: PixelSize(width: 320, height: 180))
        let square = Photo(
            size: PixelSize(width: 100, height: 100), rgb: [UInt8](repeating: 200, count: 100 * 100 * 3),
            storedSize: PixelSize(width: 100, height: 100))
        let path = folder.path("show.mp4")
        let output = try AtomicOutputFile(path: path)
        let writer = SlideshowWriter(
            settings: SlideshowSettings(frameSize: PixelSize(width: 320, height: 180), framesPerSecond: 25, motion: motion))

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
}
