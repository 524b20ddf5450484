import Foundation
import Testing

/// A photo dropped alone becomes a still video with music.
@Suite("Daemon: photos", .serialized, .timeLimit(.minutes(3)))
struct PhotoDropTests {
    @Test("A photo dropped alone becomes NAME.soundtrack.mp4, a 5 s still video with music")
    func lonePhoto() async throws {
        let harness = try DaemonHarness()
        try await harness.start()
        let staging = harness.root.appending(path: "photo.jpg")
        let made = try CommandResult.run(
            "/usr/bin/ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480", "-frames:v", "1", staging.path])
        try #require(made.status == 0, "\(made.errors)")
        try FileManager.default.moveItem(at: staging, to: harness.input.appending(path: "photo.jpg"))

        let done = await harness.waitForDone(1)
        #expect(done, "\(harness.jobs(in: "failed").map(\.path))")
        _ = await harness.stop()
        #expect(harness.files(in: harness.output).map { FolderName.last($0) } == ["photo.soundtrack.mp4"])
        let probe = try CommandResult.run(
            "/usr/bin/ffprobe",
            [
                "-v", "error", "-show_entries", "stream=codec_name,duration", "-of", "csv=p=0",
                harness.output.appending(path: "photo.soundtrack.mp4").path,
            ])
        let streams = probe.output.split(separator: "\n").map { $0.split(separator: ",") }
        #expect(streams.map { String($0.first ?? "") } == ["h264", "aac"], "\(probe.output)")
        for stream in streams {
            #expect(abs((Double(stream.last ?? "") ?? 0) - 5) < 0.03, "\(probe.output)")
        }
    }
}
