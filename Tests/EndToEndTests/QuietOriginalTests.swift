import Foundation
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

        // Measured in the delivered track: the noise's gain is the projection of the track on the
        // original (the music does not correlate with noise). The codec can only lower it.
        let original = try await DecodedAudio.decode(input)
        let delivered = try await DecodedAudio.decode(folder.appending("quiet.soundtrack.mp4"))
        let window = 1.0...5.0
        let lag = original.lag(of: delivered, over: 2.0...2.25, maximumLag: 1200)
        let aligned = delivered.shifted(by: lag)
        var cross = 0.0
        var power = 0.0
        for index in original.range(window) {
            cross += Double(aligned.samples[index]) * Double(original.samples[index])
            power += Double(original.samples[index]) * Double(original.samples[index])
        }
        let measured = 20 * log10(max(cross / power, 1e-9))
        print("quiet original: reported \(gain) dB, measured \(measured) dB, lag \(lag)")
        #expect(measured < 7, "the noise is \(measured) dB louder in the output")
    }

    struct MixReport: Decodable {
        struct Audio: Decodable {
            var lufs: Double
            var originalGain: Double?
        }

        var audio: Audio
    }
}
