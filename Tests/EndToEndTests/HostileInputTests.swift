import Foundation
import TestSupport
import Testing

/// Files that break the caps or pretend to be what they are not (issue 11, item 23): one line
/// that says what is really wrong, exit 65, nothing written.
@Suite("Hostile inputs are named for what they are")
struct HostileInputTests {
    @Test("A file with 70 streams is refused for the stream cap, not for memory")
    func tooManyStreams() async throws {
        let folder = try TemporaryFolder()
        let maps = (0..<69).flatMap { _ in ["-map", "1:a"] }
        try await Subprocess.ffmpeg(
            ["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10:duration=0.5"]
                + ["-f", "lavfi", "-i", "sine=sample_rate=8000:duration=0.5"] + ["-map", "0:v"] + maps
                + Clip.x264 + ["-c:a", "pcm_s16le", "many.mkv"],
            in: folder.url)
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(["many.mkv"], in: folder.url)

        try BadInputTests.expectFailure(result, status: 65, mentioning: "many.mkv", folder: folder, listing: before)
        #expect(result.messageLines.first?.contains("64 streams") == true, "\(result.messageLines)")
        #expect(result.messageLines.first?.contains("memory") == false, "\(result.messageLines)")
    }

    @Test("An MP3 named .mp4 is heard as a recording (a second is too short to re-style), not a playlist")
    func mp3NamedMP4() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "sine=duration=1", "-f", "mp3", "song.mp4"], in: folder.url)
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(["song.mp4"], in: folder.url)

        try BadInputTests.expectFailure(result, status: 65, mentioning: "song.mp4", folder: folder, listing: before)
        let line = result.messageLines.first ?? ""
        #expect(line.contains("not a usable recording") && line.contains("1 s"), "\(line)")
        #expect(!line.contains("playlist"), "\(line)")
    }

    @Test("MJPEG frames that claim 60000x60000 inside a 16x16 AVI are held to the pixel cap")
    func oversizedFrames() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(
            ["-f", "lavfi", "-i", "testsrc2=size=16x16:rate=10:duration=1", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "small.avi"],
            in: folder.url)
        // Every frame's start-of-frame marker (FF C0, length, precision, height, width) claims 60000x60000.
        var bytes = [UInt8](try Data(contentsOf: folder.appending("small.avi")))
        var patched = 0
        for index in 0..<(bytes.count - 9) where bytes[index] == 0xFF && bytes[index + 1] == 0xC0 {
            for offset in [5, 7] {
                bytes[index + offset] = 0xEA
                bytes[index + offset + 1] = 0x60
            }
            patched += 1
        }
        try #require(patched >= 10, "no frame headers found")
        try Data(bytes).write(to: folder.appending("huge.avi"))
        try FileManager.default.removeItem(at: folder.appending("small.avi"))
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(["huge.avi"], in: folder.url)

        try BadInputTests.expectFailure(result, status: 65, mentioning: "huge.avi", folder: folder, listing: before)
        #expect(result.messageLines.first?.contains("60000x60000") == true, "\(result.messageLines)")
    }
}
