import Foundation
import TestSupport
import Testing

/// `soundtrack a.mp4 b.mp4 c.mp4`: each video in turn, one line each, a summary, the worst code.
@Suite("Several videos at once")
struct BatchTests {
    @Test("A batch of three with one bad file writes the two good ones and exits 65")
    func batchWithOneBadFile() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url, as: "a.mp4")
        try Data("this is not a video\n".utf8).write(to: folder.appending("b.mp4"))
        _ = try await Clip.h264AAC.copy(into: folder.url, as: "c.mp4")

        let result = try await Subprocess.soundtrack(["a.mp4", "b.mp4", "c.mp4"], in: folder.url)

        #expect(result.status == 65, "\(result.summary)")
        #expect(try folder.listing() == ["a.mp4", "a.soundtrack.mp4", "b.mp4", "c.mp4", "c.soundtrack.mp4"])
        #expect(result.standardOutputText.split(separator: "\n") == ["a.soundtrack.mp4", "c.soundtrack.mp4"])
        let messages = result.messageLines
        #expect(messages.count == 2, "one line for the bad file and a summary: \(messages)")
        #expect(messages.first?.hasPrefix("soundtrack: ") == true && messages.first?.contains("b.mp4") == true)
        #expect(messages.last?.contains("2 of 3") == true && messages.last?.contains("1 failed") == true, "\(messages)")
    }

    @Test("-o naming one file is refused (64) with several videos; an existing folder takes the outputs")
    func outputWithSeveralVideos() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url, as: "a.mp4")
        _ = try await Clip.h264AAC.copy(into: folder.url, as: "b.mp4")
        let done = try folder.subfolder("done")

        let refused = try await Subprocess.soundtrack(["a.mp4", "b.mp4", "-o", "out.mp4"], in: folder.url)
        #expect(refused.status == 64, "\(refused.summary)")
        #expect(refused.messageLines.count == 1 && refused.messageLines.first?.contains("out.mp4") == true)
        #expect(try folder.listing() == ["a.mp4", "b.mp4", "done"])

        let result = try await Subprocess.soundtrack(["a.mp4", "b.mp4", "-o", "done"], in: folder.url)
        #expect(result.status == 0, "\(result.summary)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: done.path).sorted()
                == ["a.soundtrack.mp4", "b.soundtrack.mp4"])
        #expect(try folder.listing() == ["a.mp4", "b.mp4", "done"])
    }
}
