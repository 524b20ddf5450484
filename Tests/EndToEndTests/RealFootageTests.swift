import Foundation
import TestSupport
import Testing

/// The two real clips in `../shared/media`: footage nobody on the project made.
@Suite(
    "Real footage",
    .enabled(if: TestEnvironment.hasSharedTools, "../shared/tools/check-output is missing; skipped"))
struct RealFootageTests {
    @Test(
        "The 55 s Big Buck Bunny trailer (H.264 720p, MP3) gets a soundtrack that passes check-output",
        .enabled(if: TestEnvironment.hasSharedMedia("trailer_bbb.mp4"), "../shared/media/trailer_bbb.mp4 is missing"))
    func trailer() async throws {
        let folder = try TemporaryFolder()
        let input = TestEnvironment.sharedMedia("trailer_bbb.mp4")
        let output = folder.appending("trailer.soundtrack.mp4")

        let result = try await Subprocess.soundtrack([input.path, "-o", output.path])

        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["trailer.soundtrack.mp4"])
        let verdict = try await CheckOutputVerdict.run(input: input, output: output)
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
    }

    @Test(
        "cityCC0.mpg (MPEG-2 in MPEG-PS, no sound) becomes NAME.soundtrack.mkv that passes check-output",
        .enabled(if: TestEnvironment.hasSharedMedia("cityCC0.mpg"), "../shared/media/cityCC0.mpg is missing"))
    func cityTimeLapse() async throws {
        let folder = try TemporaryFolder()
        let input = folder.appending("cityCC0.mpg")
        try FileManager.default.copyItem(at: TestEnvironment.sharedMedia("cityCC0.mpg"), to: input)

        let result = try await Subprocess.soundtrack(["cityCC0.mpg", "--report", "report.json"], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["cityCC0.mpg", "cityCC0.soundtrack.mkv", "report.json"])
        let verdict = try await CheckOutputVerdict.run(input: input, output: folder.appending("cityCC0.soundtrack.mkv"))
        #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        // The media README: one hard cut at about 4.64 s, not on an I-frame.
        let report = try JSONDecoder().decode(ReportJSON.self, from: Data(contentsOf: folder.appending("report.json")))
        #expect(report.cuts.contains { abs($0 - 4.64) < 0.1 }, "cuts: \(report.cuts)")
        #expect(abs(report.duration - 7.6) < 0.1)
    }
}
