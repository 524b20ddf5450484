import Foundation
import TestSupport
import Testing

/// The new audio track says what it is (issue 11, item 9): a title naming the style and the
/// language `zxx` (no linguistic content), read back with ffprobe.
@Suite("The soundtrack's title and language tags")
struct SoundtrackTagTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var clip: Clip
        var output: String
        /// MOV stores languages as Macintosh codes, which have none for "no linguistic content".
        var hasLanguage = true
        var testDescription: String { output }
    }

    static let cases = [
        Case(clip: .h264AAC, output: "out.mp4"),
        Case(clip: .h264AAC, output: "out.mov", hasLanguage: false),
        Case(clip: .vp9Opus, output: "out.webm"),
    ]

    @Test("The soundtrack is titled 'Soundtrack: STYLE' and tagged zxx", arguments: cases)
    func tags(_ tagCase: Case) async throws {
        let folder = try TemporaryFolder()
        let input = try await tagCase.clip.copy(into: folder.url)

        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--style", "piano", "-o", tagCase.output], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        let probe = try await MediaProbe.probe(folder.appending(tagCase.output))
        let soundtrack = try #require(probe.defaultAudio)
        let tags = soundtrack.tags ?? [:]
        // MP4 and MOV name a track by its handler; FFmpeg reads that back as handler_name.
        let title = tags["title"] ?? tags["handler_name"]
        #expect(title == "Soundtrack: piano", "\(tags)")
        if tagCase.hasLanguage {
            #expect(tags["language"] == "zxx", "\(tags)")
        }
        // The original sound keeps its own tags.
        for original in probe.streams("audio") where original.index != soundtrack.index {
            #expect(original.tags?["language"] != "zxx", "the original track lost its language: \(original.tags ?? [:])")
        }
    }
}
