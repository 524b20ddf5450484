import Analysis
import Foundation
import TestSupport
import Testing

/// Words from a SubRip file beside the video reach the scene they are shown in.
@Suite(.enabled(if: TestEnvironment.hasTool("ffmpeg"), "ffmpeg is absent"))
struct SidecarSubtitleTests {
    @Test func sidecarSubtitlesAreRead() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-sidecar")
        let folder = scratch.url
        let video = folder.appendingPathComponent("clip.mp4")
        try Subprocess.ffmpegBlocking([
            "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", video.path,
        ])
        let srt = "1\n00:00:00,200 --> 00:00:01,500\nWhat a wonderful happy day\n"
        try srt.write(to: folder.appendingPathComponent("clip.srt"), atomically: true, encoding: .utf8)
        let analysis = try analyse(video.path)
        #expect(analysis.scenes.first?.features.words == "What a wonderful happy day")
    }
}
