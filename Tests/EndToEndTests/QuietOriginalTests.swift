import Foundation
import TestSupport
import Testing

/// `mix` with an original that is almost silent (hiss, hum, room tone): the music carries the
/// loudness, and the original is raised by at most 6 dB.
@Suite("Mixing a quiet original")
struct QuietOriginalTests {
    /// Six seconds of picture over stereo pink noise at about -60 LUFS.
    static let quietNoise = Clip(
        id: "pink noise at -60 LUFS", fileName: "quiet.mp4",
        steps: [
            Clip.testPattern(seconds: 6)
                + ["-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.004:duration=6:sample_rate=48000:seed=7"]
                + ["-filter_complex", "[1:a]pan=stereo|c0=c0|c1=c0[a]", "-map", "0:v", "-map", "[a]"] + Clip.x264
                + ["-c:a", "aac", "-b:a", "192k", "quiet.mp4"]
        ])

    @Test("A -60 LUFS original is raised by at most +6 dB; the log and the report give the same figure")
    func quietOriginalIsNotBoostedPastSixDecibels() async throws {
        let folder = try TemporaryFolder()
        let input = try await Self.quietNoise.copy(into: folder.url)

        let result = try await Subprocess.soundtrack(
            ["quiet.mp4", "--audio", "mix", "--report", "report.json"], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        let report = try JSONDecoder().decode(MixReport.self, from: Data(contentsOf: folder.appending("report.json")))
        let gain = try #require(report.audio.originalGain, "the report gives no originalGain")
        #expect(gain <= 6.0, "the original was raised \(gain) dB")
        #expect(abs(report.audio.lufs - -16) <= 0.5, "the mix missed the target: \(report.audio.lufs) LUFS")

        // The notice names the same figure as the report.
        let logged = result.standardError.split(separator: "\n").compactMap { line -> Double? in
            guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("original.gain.db=") }) else {
                return nil
            }
            return Double(field.dropFirst("original.gain.db=".count).replacingOccurrences(of: "+", with: ""))
        }
        #expect(logged == [gain], "log says \(logged), report says \(gain)")

        // The notice says what happened: the music, not the original, made up the loudness.
        #expect(result.standardError.contains("the music carries the loudness"), "\(result.standardError)")
        if TestEnvironment.hasSharedTools {
            let verdict = try await CheckOutputVerdict.run(
                input: input, output: folder.appending("quiet.soundtrack.mp4"), extra: ["--lufs=-16", "--lufs-tol", "0.5"])
            #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        }
    }

    struct MixReport: Decodable {
        struct Audio: Decodable {
            var lufs: Double
            var originalGain: Double?
        }

        var audio: Audio
    }
}
