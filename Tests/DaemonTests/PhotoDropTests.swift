import Foundation
import Testing

/// A photo dropped alone becomes a still video with music; a settled subfolder of photos, one slideshow.
@Suite("Daemon: photos", .serialized, .timeLimit(.minutes(3)))
struct PhotoDropTests {
    @Test("A photo dropped alone becomes NAME.soundtrack.mp4, a 5 s still video with music")
    func lonePhoto() async throws {
        let harness = try DaemonHarness()
        let staging = harness.root.appending(path: "photo.jpg")
        let made = try CommandResult.run(
            "/usr/bin/ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x480", "-frames:v", "1", staging.path])
        try #require(made.status == 0, "\(made.errors)")
        let outputs = try await harness.dropOne(staging, as: "photo.jpg")
        #expect(outputs.map { FolderName.last($0) } == ["photo.soundtrack.mp4"])
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

    @Test("A subfolder of photos becomes one slideshow named after it, once settled; the photos stay")
    func albumFolder() async throws {
        let harness = try DaemonHarness(settleSeconds: 4)
        try await harness.start()
        let album = harness.input.appending(path: "trip")
        // Made beforehand (ffmpeg is slow to start on a loaded machine), then moved in one by one,
        // each well within the settle time of the one before (4 s: a loaded machine can stretch the
        // 0.3 s between them past 1.5 s): one album, not a job per photo.
        for (index, size) in ["640x480", "480x640", "800x450"].enumerated() {
            let staging = harness.root.appending(path: "IMG_\(index + 1).jpg")
            let made = try CommandResult.run(
                "/usr/bin/ffmpeg",
                [
                    "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=\(size)", "-frames:v", "1",
                    staging.path,
                ])
            try #require(made.status == 0, "\(made.errors)")
        }
        // The album appears only now: on a loaded machine the photos can take longer to make than
        // the settle time, and an empty album left waiting that long was taken with its first
        // photo alone (a CI run made two slideshows). Whether the daemon should restart the settle
        // time of a long-empty folder when its first file arrives is not settled yet.
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        for index in 1...3 {
            try FileManager.default.moveItem(
                at: harness.root.appending(path: "IMG_\(index).jpg"), to: album.appending(path: "IMG_\(index).jpg"))
            try await Task.sleep(for: .milliseconds(300))
        }
        let done = await harness.waitForDone(1)
        #expect(done, "\(harness.jobs(in: "failed").map(\.path)) \(harness.logText)")
        try await Task.sleep(for: .seconds(3))  // nothing more comes: not a job per photo
        _ = await harness.stop()
        #expect((try? harness.jobs().count) == 1)
        #expect(harness.files(in: harness.output).map { FolderName.last($0) } == ["trip.soundtrack.mp4"])
        #expect(harness.files(in: album).count == 3)
        let probe = try CommandResult.run(
            "/usr/bin/ffprobe",
            [
                "-v", "error", "-show_entries", "stream=codec_name,duration", "-of", "csv=p=0",
                harness.output.appending(path: "trip.soundtrack.mp4").path,
            ])
        let streams = probe.output.split(separator: "\n").map { $0.split(separator: ",") }
        #expect(streams.map { String($0.first ?? "") } == ["h264", "aac"], "\(probe.output)")
        for stream in streams {
            // Three photos of about 5 s each, their changes moved onto downbeats.
            #expect(abs((Double(stream.last ?? "") ?? 0) - 15) < 2.5, "\(probe.output)")
        }
    }

    @Test(
        "after = \"delete\": the album's photos go once the slideshow is out; other files, and the folder holding them, stay"
    )
    func albumDeleted() async throws {
        let harness = try DaemonHarness(watch: ["after = \"delete\""], settleSeconds: 4)
        let album = harness.root.appending(path: "trip")
        try FileManager.default.createDirectory(at: album, withIntermediateDirectories: true)
        for (index, size) in ["640x480", "480x640"].enumerated() {
            let made = try CommandResult.run(
                "/usr/bin/ffmpeg",
                [
                    "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=\(size)", "-frames:v", "1",
                    album.appending(path: "IMG_\(index + 1).jpg").path,
                ])
            try #require(made.status == 0, "\(made.errors)")
        }
        // A file that is no job of the daemon's (a hidden sidecar; a visible .txt would be a
        // cue sheet) and must outlive the photos.
        try Data("[IMG_1.jpg]\nstar=yes\n".utf8).write(to: album.appending(path: ".picasa.ini"))
        // The album arrives whole, as a folder moved in.
        let outputs = try await harness.dropOne(album, as: "trip")
        #expect(outputs.map { FolderName.last($0) } == ["trip.soundtrack.mp4"])
        let left = try FileManager.default.contentsOfDirectory(atPath: harness.input.appending(path: "trip").path)
        #expect(left == [".picasa.ini"], "\(harness.logText)")
        let probe = try CommandResult.run(
            "/usr/bin/ffprobe",
            [
                "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                harness.output.appending(path: "trip.soundtrack.mp4").path,
            ])
        #expect(abs((Double(probe.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) - 10) < 2.5)
    }
}
