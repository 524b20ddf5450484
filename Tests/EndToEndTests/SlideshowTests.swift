import Foundation
import TestSupport
import Testing

/// Photos in, a slideshow with music out, checked from the outside: the file decodes cleanly,
/// each photo change is a downbeat of the score (midi-metrics), each photo's frames match its
/// planned time, the pictures really change at those frames, EXIF orientation is honoured, and
/// the sound lasts as long as the pictures.
@Suite("Slideshow from photos")
struct SlideshowTests {
    static let rate = 25
    static let secondsPerPhoto = 3.0
    static let frame = (width: 640, height: 360)

    /// Eight photos of mixed sizes, shapes and formats, named so that their order is known.
    static func makePhotos(in folder: URL) async throws -> [String] {
        let marked = "color=c=red:s=640x480,drawbox=x=0:y=0:w=160:h=120:color=white:t=fill,format=rgb24"
        let recipes: [(String, [String])] = [
            ("01-landscape.jpg", ["-f", "lavfi", "-i", "testsrc2=size=1920x1080", "-frames:v", "1"]),
            ("02-portrait.jpg", ["-f", "lavfi", "-i", "testsrc2=size=720x1280,hue=h=90", "-frames:v", "1"]),
            ("03-turned.jpg", ["-f", "lavfi", "-i", marked, "-frames:v", "1", "-q:v", "2"]),
            ("04-chart.png", ["-f", "lavfi", "-i", "smptebars=size=800x600", "-frames:v", "1"]),
            ("05-web.webp", ["-f", "lavfi", "-i", "mandelbrot=size=1280x720", "-frames:v", "1", "-c:v", "libwebp"]),
            ("06-tiny.jpg", ["-f", "lavfi", "-i", "color=c=0x2040A0:s=160x120", "-frames:v", "1"]),
            ("07-panorama.png", ["-f", "lavfi", "-i", "testsrc=size=2400x600", "-frames:v", "1"]),
            ("08-square.jpg", ["-f", "lavfi", "-i", "color=c=0xF0C020:s=900x900,noise=alls=30:allf=u", "-frames:v", "1"]),
        ]
        for (name, arguments) in recipes {
            try await Subprocess.ffmpeg(arguments + [name], in: folder)
        }
        // Orientation 6: a phone held upright; the white corner belongs at the top right.
        let turned = folder.appending(path: "03-turned.jpg")
        try EXIF.insert(6, into: turned)
        return recipes.map(\.0)
    }

    @Test(
        "8 photos in a folder: clean decode, changes on downbeats and on the planned frames, upright, sound as long",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: TestEnvironment.midiMetrics.path),
            "../shared/tools/midi-metrics is missing; skipped"))
    func eightPhotos() async throws {
        let folder = try TemporaryFolder()
        let photos = try folder.subfolder("trip")
        let names = try await Self.makePhotos(in: photos)

        let result = try await Subprocess.soundtrack(
            [
                "trip", "-o", "show.mp4", "--size", "\(Self.frame.width)x\(Self.frame.height)",
                "--seconds-per-photo", "\(Self.secondsPerPhoto)", "--midi", "score.mid", "--report", "report.json",
            ], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["report.json", "score.mid", "show.mp4", "trip"])
        let show = folder.appending("show.mp4")

        // Plays to the end without a decode error.
        let decode = try await Subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", show.path, "-f", "null", "-"])
        #expect(decode.status == 0 && decode.standardError.isEmpty, "\(decode.summary)")

        // The report's scenes are the photos, in name order, each within a frame of its plan.
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        try #require(report.scenes.count == names.count)
        let shotFrames = report.scenes.map { Int((($0.end - $0.start) * Double(Self.rate)).rounded()) }
        let planned = Int(Self.secondsPerPhoto * Double(Self.rate))
        #expect(shotFrames.allSatisfy { abs($0 - planned) <= 1 }, "frames per photo: \(shotFrames), planned \(planned)")
        #expect(report.cuts.count == names.count - 1)

        // Every photo change is a downbeat of the score.
        let metrics = try await Subprocess.run(
            [TestEnvironment.midiMetrics.path, folder.appending("score.mid").path, "--cuts", folder.appending("report.json").path])
        let figures = try JSONSerialization.jsonObject(
            with: Data((metrics.standardOutputText.split(separator: "\n").last ?? "{}").utf8)) as? [String: Any]
        #expect((figures?["cuts"] as? NSNumber)?.intValue == names.count - 1, "\(figures ?? [:])")
        #expect((figures?["cuts_on_downbeat"] as? NSNumber)?.doubleValue == 1, "\(figures ?? [:])")
        #expect(((figures?["worst_cut_distance"] as? NSNumber)?.doubleValue ?? 1) < 0.01, "\(figures ?? [:])")

        // The pictures really change at those frames, and nowhere else.
        let video = try await DecodedFrames.decode(show, width: 32, height: 18)
        #expect(video.count == shotFrames.reduce(0, +))
        let expectedChanges = report.cuts.map { Int(($0 * Double(Self.rate)).rounded()) }
        #expect(video.changes(threshold: 4) == expectedChanges, "changes seen at \(video.changes(threshold: 4))")

        // The sound lasts as long as the pictures.
        let probe = try await MediaProbe.durations(show)
        #expect(abs(probe.audio - probe.video) < 0.03, "audio \(probe.audio) s, video \(probe.video) s")
        #expect(abs(probe.video - Double(video.count) / Double(Self.rate)) < 0.001)

        // The turned photo stands upright: its white corner at the top right, black bars beside it.
        let middle = (expectedChanges[1] + expectedChanges[2]) / 2
        let picture = try await DecodedFrames.picture(show, frame: middle, width: Self.frame.width, height: Self.frame.height)
        // Upright 480x640 in a 640x360 frame: 270x360 from x = 185.
        #expect(picture.isWhite(x: 185 + 250, y: 20), "top right of the photo")
        #expect(!picture.isWhite(x: 185 + 20, y: 20), "top left of the photo")
        #expect(picture.isBlack(x: 40, y: 180) && picture.isBlack(x: 600, y: 180), "letterbox bars")
    }

    @Test("One photo with --duration 30 is a still video with music, 30 s to the frame")
    func onePhotoStill() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=800x600", "-frames:v", "1", "one.png"], in: folder.url)
        let result = try await Subprocess.soundtrack(
            ["one.png", "--duration", "30", "--size", "320x240", "--report", "report.json"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "one.soundtrack.mp4\n")
        let show = folder.appending("one.soundtrack.mp4")
        let probe = try await MediaProbe.durations(show)
        #expect(abs(probe.video - 30) < 0.001, "video \(probe.video) s")
        #expect(abs(probe.audio - 30) < 0.03, "audio \(probe.audio) s")
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.cuts.isEmpty && report.scenes.count == 1)
    }

    @Test("Photos to the music alone (-o .m4a) with --stems: as long as the slideshow would be, at the target")
    func photosToM4AWithStems() async throws {
        let folder = try TemporaryFolder()
        let photos = try await Self.makePhotos(in: folder.url)
        let result = try await Subprocess.soundtrack(
            photos + ["--seconds-per-photo", "2", "-o", "music.m4a", "--stems", "stems"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let probe = try await Subprocess.run([
            "ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0",
            folder.appending("music.m4a").path,
        ])
        #expect(probe.standardOutputText == "aac,audio\n", "\(probe.summary)")
        let decoded = try await DecodedAudio.decode(folder.appending("music.m4a"))
        let seconds = Double(photos.count) * 2
        #expect(abs(Double(decoded.samples.count) / Double(DecodedAudio.sampleRate) - seconds) < 0.05)
        #expect(abs(try await WordsTests.integratedLoudness(folder.appending("music.m4a")) - -16) <= 1)
        #expect(FileManager.default.fileExists(atPath: folder.appending("stems/mix.wav").path))
    }
}
