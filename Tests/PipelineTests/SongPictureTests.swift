import Foundation
import MediaIO
import TestSupport
import Testing

@testable import Pipeline

@Suite("Songs under a picture: which requests and pictures are refused, and how")
struct SongPictureTests {
    @Test("--picture is for songs: a video, photos or words with it are a usage error")
    func pictureOnlyForSongs() {
        var song = JobOptions(input: "song.mid")
        song.picture = "photo.jpg"
        #expect(song.problem == nil)
        for input in ["clip.mp4", "a.jpg", "cues.txt"] {
            var options = JobOptions(input: input)
            options.picture = "photo.jpg"
            #expect(options.problem?.hasPrefix("--picture is for songs") == true, "\(input): \(options.problem ?? "none")")
        }
        song.pictureFrame.frameSize = PixelSize(width: 321, height: 240)
        #expect(song.problem?.contains("even") == true)
    }

    @Test("A video output needs a picture, and a picture a video output (exit 64)")
    func deliveries() throws {
        let refused: [(Delivery, String?)] = [(.video(.mp4), nil), (.audio(.m4a), "p.jpg"), (.midi, "clip.mp4")]
        for (delivery, picture) in refused {
            do {
                try SongJob.check(delivery, path: "out", picture: picture)
                Issue.record("\(delivery) with \(picture ?? "no picture") should be refused")
            } catch {
                #expect(error.exitCode == 64)
            }
        }
        try SongJob.check(.video(.mp4), path: "out.mp4", picture: "p.jpg")
        try SongJob.check(.audio(.m4a), path: "out.m4a", picture: nil)
    }

    @Test("A file that is neither a photo nor a video is not a picture: exit 65, naming it; a missing one exit 66")
    func notAPicture() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-song-picture")
        let folder = scratch.url
        for name in ["fake.mp4", "fake.jpg", "song.mid"] {
            let path = folder.appending(path: name).path
            try Data("not a picture at all".utf8).write(to: URL(fileURLWithPath: path))
            do {
                _ = try SongPicture.open(
                    path, shown: PhotoInputs(paths: []), reader: MediaReader(), photoReader: PhotoReader())
                Issue.record("\(name) was taken as a picture")
            } catch {
                #expect(error.exitCode == 65, "\(name): \(error)")
                #expect(error.description.hasPrefix(path), "\(name): \(error)")
                #expect(!error.description.contains("\n"))
            }
        }
        do {
            _ = try SongPicture.open(
                folder.appending(path: "missing.png").path, shown: PhotoInputs(paths: []), reader: MediaReader(),
                photoReader: PhotoReader())
            Issue.record("a missing picture was opened")
        } catch {
            #expect(error.exitCode == 66)
        }
    }
}
