import Foundation
import TestSupport
import Testing

@testable import MediaIO

@Suite("OutputFormat: default names and containers")
struct OutputFormatTests {
    init() {
        // FFmpeg's complaints about the refused fixtures go to its ring buffer, not the test log.
        FFmpegLog.install()
    }

    static let defaultPaths: [(input: String, format: OutputFormat, expected: String)] = [
        ("clip.mp4", .mp4, "clip.soundtrack.mp4"),
        ("/videos/clip.mp4", .mp4, "/videos/clip.soundtrack.mp4"),
        ("/videos/holiday.2024.mpg", .matroska, "/videos/holiday.2024.soundtrack.mkv"),
        ("/videos/talk.webm", .webm, "/videos/talk.soundtrack.webm"),
        ("/videos.d/clip", .mp4, "/videos.d/clip.soundtrack.mp4"),
        ("/videos/.hidden", .matroska, "/videos/.hidden.soundtrack.mkv"),
        ("../up/Film.MOV", .mov, "../up/Film.soundtrack.mov"),
    ]

    @Test("NAME.EXT becomes NAME.soundtrack.EXT beside it", arguments: defaultPaths)
    func defaultOutputPath(_ input: String, _ format: OutputFormat, _ expected: String) {
        #expect(OutputFormat.defaultOutputPath(for: input, format: format) == expected)
    }

    static let chosenPaths: [(path: String, muxer: String?, codec: OutputFormat.Codec?)] = [
        ("out.mp4", "mp4", .aac),
        ("OUT.MP4", "mp4", .aac),
        ("out.m4v", "mp4", .aac),
        ("out.mov", "mov", .aac),
        ("out.mkv", "matroska", .aac),
        ("out.webm", "webm", .opus),
        ("out.avi", nil, nil),
        ("out.mpg", nil, nil),
        ("out", nil, nil),
        ("/a.mkv/out", nil, nil),
    ]

    @Test("-o picks the container from the extension; unknown ones are refused", arguments: chosenPaths)
    func forPath(_ path: String, _ muxer: String?, _ codec: OutputFormat.Codec?) {
        let format = OutputFormat.forPath(path)
        #expect(format?.muxer == muxer)
        #expect(format?.codec == codec)
    }

    struct ContainerChoice: Sendable, CustomTestStringConvertible {
        var fileName: String
        var arguments: [String]
        var expected: OutputFormat
        var changed: Bool
        var testDescription: String { fileName }
    }

    static let containerChoices = [
        ContainerChoice(
            fileName: "clip.mp4", arguments: Clip.x264 + ["-c:a", "aac"], expected: .mp4, changed: false),
        ContainerChoice(
            fileName: "clip.m4v", arguments: Clip.x264 + ["-c:a", "aac"],
            expected: OutputFormat(muxer: "mp4", fileExtension: "m4v", codec: .aac), changed: false),
        ContainerChoice(
            fileName: "clip.mov", arguments: Clip.x264 + ["-c:a", "aac"], expected: .mov, changed: false),
        ContainerChoice(
            fileName: "clip.mkv", arguments: Clip.x264 + ["-c:a", "aac"], expected: .matroska, changed: false),
        ContainerChoice(
            fileName: "clip.webm", arguments: ["-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus"],
            expected: .webm, changed: false),
        // A camera's MP4 with linear PCM beside the video (Sony's XAVC S): FFmpeg writes PCM in
        // QuickTime only. (FFmpeg cannot write PCM in MP4 either, so the clip is QuickTime named .mp4:
        // both are read as "mov,mp4,...".)
        ContainerChoice(
            fileName: "camera.mp4", arguments: Clip.x264 + ["-c:a", "pcm_s16le", "-f", "mov"], expected: .mov,
            changed: true),
        ContainerChoice(
            fileName: "camera.mov", arguments: Clip.x264 + ["-c:a", "pcm_s16le"], expected: .mov, changed: false),
        ContainerChoice(
            fileName: "clip.mpg", arguments: ["-c:v", "mpeg2video", "-c:a", "mp2", "-f", "mpeg"], expected: .matroska,
            changed: true),
        ContainerChoice(
            fileName: "clip.ts", arguments: Clip.x264 + ["-c:a", "aac"], expected: .matroska, changed: true),
        ContainerChoice(
            fileName: "clip.avi", arguments: ["-c:v", "mpeg4", "-c:a", "mp3"], expected: .matroska, changed: true),
        ContainerChoice(
            fileName: "clip.flv", arguments: Clip.x264 + ["-c:a", "aac"], expected: .matroska, changed: true),
    ]

    @Test("The input's own container when it can carry the soundtrack, else QuickTime or Matroska", arguments: containerChoices)
    func forInput(_ choice: ContainerChoice) async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        try await Subprocess.ffmpeg(
            ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1", "-f", "lavfi", "-i", "sine=duration=1"]
                + choice.arguments + [choice.fileName],
            in: folder.url)
        let path = folder.path(choice.fileName)
        let info = try MediaReader().probe(path)
        let (format, changed) = OutputFormat.forInput(path: path, info: info)
        #expect(format == choice.expected, "\(info.formatName)")
        #expect(changed == choice.changed)
    }
}
