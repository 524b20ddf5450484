import Foundation
import TestSupport
import Testing

@testable import WatchConfiguration
@testable import WatchDaemon

@Suite("Output names")
struct OutputNamesTests {
    @Test("outputs mirror subfolders, keep known containers and number taken names")
    func names() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-names")
        let root = scratch.url.path
        let watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
        #expect(OutputNames.output(for: "\(root)/in/a/b.mp4", watch: watch) == "\(root)/out/a/b.soundtrack.mp4")
        #expect(OutputNames.output(for: "\(root)/in/c.avi", watch: watch) == "\(root)/out/c.soundtrack.mkv")
        #expect(OutputNames.makeFolder("\(root)/out/a"))
        _ = FileManager.default.createFile(atPath: "\(root)/out/a/b.soundtrack.mp4", contents: Data())
        #expect(OutputNames.output(for: "\(root)/in/a/b.mp4", watch: watch) == "\(root)/out/a/b.soundtrack-2.mp4")
        #expect(
            OutputNames.output(for: "\(root)/in/a/b.mp4", watch: watch, skipping: 1)
                == "\(root)/out/a/b.soundtrack-3.mp4")
    }

    @Test("a video that exists is named by the command line's container choice, its extension's case kept")
    func namesFollowTheContainerChoice() async throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-names")
        let root = scratch.url.path
        let watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
        let picture = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1", "-f", "lavfi", "-i", "sine=duration=1"]
        #expect(OutputNames.makeFolder("\(root)/in"))
        // An ordinary MP4 stays MP4; a camera's MP4 with linear PCM (QuickTime named .MP4, as
        // FFmpeg reads both alike) becomes .mov, which can hold its sound again.
        try await Subprocess.ffmpeg(picture + Clip.x264 + ["-c:a", "aac", "D0001.MP4"], in: URL(filePath: "\(root)/in"))
        try await Subprocess.ffmpeg(
            picture + Clip.x264 + ["-c:a", "pcm_s16be", "-f", "mov", "C0001.MP4"], in: URL(filePath: "\(root)/in"))
        #expect(OutputNames.output(for: "\(root)/in/D0001.MP4", watch: watch) == "\(root)/out/D0001.soundtrack.MP4")
        #expect(OutputNames.output(for: "\(root)/in/C0001.MP4", watch: watch) == "\(root)/out/C0001.soundtrack.mov")
    }

    @Test("with reports on, an output name is free only when its report's name is free too")
    func reportNames() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-names")
        let root = scratch.url.path
        var watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
        watch.report = true
        #expect(OutputNames.report(for: "\(root)/out/b.soundtrack-2.mkv") == "\(root)/out/b.soundtrack-2.html")
        #expect(OutputNames.makeFolder("\(root)/out"))
        _ = FileManager.default.createFile(atPath: "\(root)/out/b.soundtrack.html", contents: Data())
        #expect(OutputNames.output(for: "\(root)/in/b.mp4", watch: watch) == "\(root)/out/b.soundtrack-2.mp4")
        watch.report = false
        #expect(OutputNames.output(for: "\(root)/in/b.mp4", watch: watch) == "\(root)/out/b.soundtrack.mp4")
    }
}
