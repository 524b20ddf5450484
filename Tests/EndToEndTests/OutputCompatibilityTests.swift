import Foundation
import TestSupport
import Testing

/// One kind of input, the output name the binary should choose for it, and what the output must
/// keep beyond what check-output looks at.
struct ContainerCase: Sendable, CustomTestStringConvertible {
    enum Keeps: Sendable {
        case nothingMore
        /// A WebM stays WebM, and the soundtrack is Opus.
        case opusInWebM
        /// MPEG-PS cannot carry AAC cleanly: Matroska (with every picture's time worked out).
        case matroska
        /// Without original sound the only audio stream is the soundtrack.
        case soundtrackOnly
        /// The original 5.1 track is copied as it was.
        case originalSurround
        /// An MP4 cannot hold the camera's PCM again: QuickTime, the PCM copied as it was.
        case quickTimeWithPCM
        /// Matroska has no form for Flash's Nellymoser: QuickTime, the sound copied as it was.
        case quickTimeWithNellymoser
        case subtitleText
        case rotation
        /// The chapters, with their titles and times.
        case chapters
        /// Cover pictures and attached files, kept as they were: MP4's cover art, Matroska's
        /// attachments.
        case attachments
        /// The input starts at 0.5 s and reorders frames; the copy's video starts there too.
        case videoStart
    }

    var clip: Clip
    var expectedOutputName: String
    var keeps: Keeps
    var testDescription: String { clip.id }
}

@Suite(
    "Outputs pass check-output",
    .enabled(if: TestEnvironment.hasSharedTools, "../shared/tools/check-output is missing; skipped"))
struct OutputCompatibilityTests {
    static let cases: [ContainerCase] = [
        ContainerCase(clip: .h264AAC, expectedOutputName: "clip.soundtrack.mp4", keeps: .nothingMore),
        ContainerCase(clip: .vp9Opus, expectedOutputName: "clip.soundtrack.webm", keeps: .opusInWebM),
        ContainerCase(clip: .mpeg2PS, expectedOutputName: "clip.soundtrack.mkv", keeps: .matroska),
        ContainerCase(clip: .dvdVOB, expectedOutputName: "clip.soundtrack.mkv", keeps: .matroska),
        ContainerCase(clip: .noAudio, expectedOutputName: "clip.soundtrack.mp4", keeps: .soundtrackOnly),
        ContainerCase(clip: .surround, expectedOutputName: "clip.soundtrack.mp4", keeps: .originalSurround),
        ContainerCase(clip: .cameraPCM, expectedOutputName: "clip.soundtrack.mov", keeps: .quickTimeWithPCM),
        ContainerCase(clip: .flashNellymoser, expectedOutputName: "clip.soundtrack.mov", keeps: .quickTimeWithNellymoser),
        ContainerCase(clip: .movText, expectedOutputName: "clip.soundtrack.mp4", keeps: .subtitleText),
        ContainerCase(clip: .srtInMatroska, expectedOutputName: "clip.soundtrack.mkv", keeps: .subtitleText),
        ContainerCase(clip: .rotated, expectedOutputName: "clip.soundtrack.mp4", keeps: .rotation),
        ContainerCase(clip: .chapters, expectedOutputName: "clip.soundtrack.mp4", keeps: .chapters),
        ContainerCase(clip: .coverInMP4, expectedOutputName: "clip.soundtrack.mp4", keeps: .attachments),
        ContainerCase(clip: .attachmentsInMatroska, expectedOutputName: "clip.soundtrack.mkv", keeps: .attachments),
        ContainerCase(clip: .bFramesWithOffset, expectedOutputName: "clip.soundtrack.mp4", keeps: .videoStart),
    ]

    @Test("The default output beside the input passes check-output and keeps what it must", arguments: cases)
    func soundtrackedCopy(_ container: ContainerCase) async throws {
        let folder = try TemporaryFolder()
        let input = try await container.clip.copy(into: folder.url)
        let original = try FileFingerprint(input)

        let result = try await Subprocess.soundtrack([input.lastPathComponent], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == [input.lastPathComponent, container.expectedOutputName].sorted())
        #expect(try FileFingerprint(input) == original, "the input was changed")
        let output = folder.appending(container.expectedOutputName)
        try #require(FileManager.default.fileExists(atPath: output.path))
        let verdict = try await CheckOutputVerdict.run(input: input, output: output)
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        try await Self.checkKept(container.keeps, input: input, output: output)
    }

    @Test("Subtitles that a container chosen with -o cannot hold are left out with a notice")
    func subtitlesLeftOutAreNamed() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.srtInMatroska.copy(into: folder.url)
        let result = try await Subprocess.soundtrack([input.lastPathComponent, "-o", "copy.mp4"], in: folder.url)
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.standardError.contains("left out subtitle stream 2 (subrip)"), "\(result.standardError)")
        let after = try await MediaProbe.probe(folder.appending("copy.mp4"))
        #expect(after.streams("subtitle").isEmpty)
    }

    @Test("Sound that no container holds as it is is left out with a notice; the music still carries it")
    func soundLeftOutIsNamed() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.flashADPCM.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--report", "report.json"], in: folder.url)
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.standardError.contains("left out audio stream"), "\(result.standardError)")
        #expect(try folder.listing() == ["clip.flv", "clip.soundtrack.mkv", "report.json"])
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appending("report.json")))
        #expect(((report as? [String: Any])?["audio"] as? [String: Any])?["mode"] as? String == "mix")
        let output = folder.appending("clip.soundtrack.mkv")
        let after = try await MediaProbe.probe(output)
        #expect(after.streams("audio").compactMap(\.codecName) == ["aac"])
        #expect(after.video?.codecName == "flv1")
        let verdict = try await CheckOutputVerdict.run(input: input, output: output)
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
    }

    static func checkKept(_ keeps: ContainerCase.Keeps, input: URL, output: URL) async throws {
        let before = try await MediaProbe.probe(input)
        let after = try await MediaProbe.probe(output)
        #expect(after.streams("audio").count == before.streams("audio").count + 1)
        switch keeps {
        case .nothingMore:
            break
        case .opusInWebM:
            #expect(after.format.formatName.contains("webm") || after.format.formatName.contains("matroska"))
            #expect(after.defaultAudio?.codecName == "opus")
            #expect(after.streams("audio").allSatisfy { $0.codecName == "opus" })
        case .matroska:
            #expect(after.format.formatName.hasPrefix("matroska"))
            #expect(after.video?.codecName == "mpeg2video")
        case .soundtrackOnly:
            #expect(after.streams("audio").count == 1)
            #expect(after.defaultAudio?.codecName == "aac")
        case .originalSurround:
            try #require(before.defaultAudio?.channels == 6, "the fixture should have 5.1 sound")
            let surround = after.streams("audio").filter { $0.channels == 6 }
            #expect(surround.count == 1)
            #expect(surround.first?.sampleRate == "44100")
            #expect(after.defaultAudio?.channels == 2)
            #expect(after.defaultAudio?.sampleRate == "48000")
        case .quickTimeWithPCM:
            try #require(before.defaultAudio?.codecName == "pcm_s16be", "the fixture should have PCM sound")
            #expect(after.format.formatName.contains("mov"))
            #expect(after.streams("audio").compactMap(\.codecName).sorted() == ["aac", "pcm_s16be"])
            #expect(after.defaultAudio?.codecName == "aac")
        case .quickTimeWithNellymoser:
            try #require(before.defaultAudio?.codecName == "nellymoser", "the fixture should have Nellymoser sound")
            #expect(after.format.formatName.contains("mov"))
            #expect(after.streams("audio").compactMap(\.codecName).sorted() == ["aac", "nellymoser"])
            #expect(after.video?.codecName == "flv1")
        case .subtitleText:
            #expect(after.streams("subtitle").count == 1)
            let expected = try await MediaProbe.subtitleText(input)
            try #require(Clip.subtitleLines.allSatisfy(expected.contains), "the fixture lacks its subtitles")
            #expect(try await MediaProbe.subtitleText(output) == expected)
        case .rotation:
            try #require(before.video?.rotation == 90, "the fixture should be rotated")
            #expect(after.video?.rotation == 90)
        case .chapters:
            func marks(_ report: ProbeReport) -> [String] {
                (report.chapters ?? []).map { "\($0.startTime)-\($0.endTime) \($0.tags?["title"] ?? "")" }
            }
            try #require(marks(before).count == 2, "the fixture should have two chapters")
            #expect(marks(after) == marks(before))
        case .attachments:
            func attached(_ report: ProbeReport) -> [String] {
                report.streams.filter { $0.codecType == "attachment" || $0.disposition?["attached_pic"] == 1 }
                    .map { "\($0.codecName ?? "?") \($0.tags?["filename"] ?? "")" }.sorted()
            }
            try #require(!attached(before).isEmpty, "the fixture should have something attached")
            #expect(attached(after) == attached(before))
        case .videoStart:
            try #require((before.video?.hasBFrames ?? 0) > 0, "the fixture should have B-frames")
            try #require(before.video?.startTime == "0.500000", "the fixture should start at 0.5 s")
            #expect(after.video?.startTime == before.video?.startTime)
        }
    }
}
