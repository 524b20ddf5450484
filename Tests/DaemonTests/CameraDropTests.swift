import Foundation
import TestSupport
import Testing

/// A watched folder writes what `soundtrack FILE` writes: the daemon names its outputs by the same
/// container choice as the command line.
@Suite("Daemon: camera files", .serialized, .timeLimit(.minutes(3)))
struct CameraDropTests {
    /// A 1 s camera-style MP4 with linear PCM sound (Sony's XAVC S records so). FFmpeg writes PCM
    /// only in QuickTime, so this is QuickTime named .MP4: FFmpeg reads both as "mov,mp4,...".
    static let cameraClip = Clip(
        id: "camera MP4 with PCM", fileName: "C0001.MP4",
        steps: [
            [
                "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1",
                "-f", "lavfi", "-i", "sine=frequency=330:duration=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16be", "-ac", "2",
                "-f", "mov", "C0001.MP4",
            ]
        ])

    @Test("a camera's MP4 with PCM sound becomes a .mov copy, as on the command line, and nothing fails")
    func pcmMP4BecomesQuickTime() async throws {
        let harness = try DaemonHarness(settleSeconds: 0.5)
        let staged = try await Self.cameraClip.copy(into: harness.root)
        #expect(try await harness.dropOne(staged, as: "C0001.MP4") == ["C0001.soundtrack.mov"])
        #expect(harness.jobs(in: "failed").isEmpty)
    }
}
