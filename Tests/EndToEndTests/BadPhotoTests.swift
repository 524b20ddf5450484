import Foundation
import TestSupport
import Testing

/// Photos get the treatment videos get: a bad one fails the whole slideshow with one line and
/// the documented exit code, before anything is written.
@Suite("Bad photos")
struct BadPhotoTests {
    /// A real PNG of 30000x30000 grey pixels: 900 megapixels that compress to under a megabyte.
    static func hugePNG() -> Data {
        let script = """
            import struct, sys, zlib
            w = h = 30000
            def chunk(kind, data):
                return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
            z = zlib.compressobj(9)
            row = bytes(w + 1)
            body = b"".join(z.compress(row) for _ in range(h)) + z.flush()
            sys.stdout.buffer.write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", body) + chunk(b"IEND", b""))
            """
        return (try? Subprocess.runBlocking(["python3", "-c", script]))?.standardOutput ?? Data()
    }

    struct BadPhoto: Sendable, CustomTestStringConvertible {
        var name: String
        var make: @Sendable (URL) async throws -> Void
        var words: String
        var testDescription: String
    }

    static let cases = [
        BadPhoto(name: "empty.jpg", make: { try Data().write(to: $0) }, words: "empty", testDescription: "empty file"),
        BadPhoto(
            name: "cut.jpg",
            make: { url in
                try await Subprocess.ffmpeg(
                    ["-f", "lavfi", "-i", "testsrc2=size=640x480", "-frames:v", "1", "whole.jpg"],
                    in: url.deletingLastPathComponent())
                let whole = url.deletingLastPathComponent().appending(path: "whole.jpg")
                let bytes = try Data(contentsOf: whole)
                try bytes.prefix(bytes.count / 2).write(to: url)
                try FileManager.default.removeItem(at: whole)
            }, words: "cut short", testDescription: "truncated JPEG"),
        BadPhoto(
            name: "notes.jpg", make: { try Data("shopping list\n".utf8).write(to: $0) }, words: "not a JPEG",
            testDescription: "text named .jpg"),
        BadPhoto(name: "huge.png", make: { try hugePNG().write(to: $0) }, words: "30000x30000", testDescription: "30000x30000 PNG"),
    ]

    @Test("A bad photo among good ones: one line, exit 65, nothing written, memory bounded", arguments: cases)
    func badPhoto(_ bad: BadPhoto) async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1", "good.jpg"], in: folder.url)
        try await bad.make(folder.appending(bad.name))
        let before = try folder.listing()
        let usage = try TemporaryFolder(prefix: "soundtrack-rss")

        let result = try await Subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", usage.appending("rss").path, TestEnvironment.binary]
                + ["good.jpg", bad.name, "-o", "show.mp4", "--midi", "show.mid"],
            in: folder.url)

        try BadInputTests.expectFailure(result, status: 65, mentioning: bad.name, folder: folder, listing: before)
        #expect(result.messageLines.first?.contains(bad.words) == true, "\(result.messageLines)")
        let kilobytes = Int((try String(contentsOf: usage.appending("rss"), encoding: .utf8)).split(separator: "\n").last ?? "") ?? 0
        #expect(kilobytes > 0 && kilobytes < 300_000, "peak memory \(kilobytes) KB")
    }

    @Test("Videos and photos in one command are a usage error (64)")
    func mixedInputs() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1", "a.jpg"], in: folder.url)
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(["a.jpg", "clip.mp4"], in: folder.url)
        try BadInputTests.expectFailure(result, status: 64, mentioning: "clip.mp4", folder: folder, listing: before)
        #expect(result.messageLines.first?.contains("videos and photos cannot be mixed") == true)
    }

    @Test("A week-long slideshow and an odd frame size are usage errors (64)")
    func badOptions() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240", "-frames:v", "1", "a.jpg"], in: folder.url)
        let before = try folder.listing()
        for (arguments, words) in [
            (["--duration", "604800"], "between 1 second and 3 hours"), (["--size", "641x360"], "even"), (["--size", "big"], "WIDTHxHEIGHT"),
        ] {
            let result = try await Subprocess.soundtrack(["a.jpg"] + arguments, in: folder.url)
            try BadInputTests.expectFailure(result, status: 64, mentioning: words, folder: folder, listing: before)
        }
    }
}
