import Foundation
import TestSupport
import Testing

extension Clip {
    /// MPEG-4 Part 2 as ffmpeg's own encoder writes it into AVI: B-frames, one picture per chunk,
    /// no presentation times.
    static func xvid(sound: String) -> Clip {
        Clip(
            id: "XviD-tagged MPEG-4 with B-frames + \(sound) in AVI", fileName: "clip.avi",
            steps: [
                testPattern() + sine()
                    + ["-c:v", "mpeg4", "-vtag", "XVID", "-bf", "2", "-q:v", "5", "-c:a", sound, "clip.avi"]
            ])
    }

    /// The same through libxvid, which packs each P-frame with the B-frame shown before it
    /// (the DivX "packed bitstream", marked `DivX503b1393p`) and leaves empty placeholder chunks.
    static func packedXvid(sound: String) -> Clip {
        Clip(
            id: "packed-bitstream XviD + \(sound) in AVI", fileName: "clip.avi",
            steps: [
                testPattern() + sine()
                    + ["-c:v", "libxvid", "-vtag", "XVID", "-bf", "2", "-q:v", "5", "-c:a", sound, "clip.avi"]
            ])
    }

    /// Sorenson Spark, ffmpeg's default FLV video codec, with MP3.
    static let sparkFLV = Clip(
        id: "Sorenson Spark + MP3 in FLV", fileName: "clip.flv",
        steps: [testPattern() + sine(rate: 44_100) + ["-c:v", "flv1", "-c:a", "libmp3lame", "clip.flv"]])
}

/// Old camcorder and download formats (issue 11, items 1 and 20): written without touching the
/// pictures, and the result passes check-output.
@Suite(
    "XviD/DivX AVI and Spark FLV inputs",
    .enabled(if: TestEnvironment.hasSharedTools, "../shared/tools/check-output is missing; skipped"))
struct AVIInputTests {
    /// Both packings and both sounds, in two runs.
    static let clips: [Clip] = [.xvid(sound: "ac3"), .packedXvid(sound: "libmp3lame")]

    @Test("An XviD AVI with B-frames becomes a Matroska copy that passes check-output", arguments: clips)
    func xvidAVI(_ clip: Clip) async throws {
        let folder = try TemporaryFolder()
        let input = try await clip.copy(into: folder.url)

        let result = try await Subprocess.soundtrack([input.lastPathComponent], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        let output = folder.appending("clip.soundtrack.mkv")
        try #require(FileManager.default.fileExists(atPath: output.path))
        let verdict = try await CheckOutputVerdict.run(input: input, output: output, extra: ["--video-frames-ok"])
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        let probe = try await MediaProbe.probe(output)
        #expect(probe.video?.codecName == "mpeg4", "the video was not copied: \(probe.streams.map(\.codecName))")
    }

    @Test("Sorenson Spark video from FLV is copied into Matroska, not refused")
    func sparkFLV() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.sparkFLV.copy(into: folder.url)

        let result = try await Subprocess.soundtrack([input.lastPathComponent], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        let output = folder.appending("clip.soundtrack.mkv")
        try #require(FileManager.default.fileExists(atPath: output.path))
        let verdict = try await CheckOutputVerdict.run(input: input, output: output)
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        #expect(try await MediaProbe.probe(output).video?.codecName == "flv1")
    }
}
