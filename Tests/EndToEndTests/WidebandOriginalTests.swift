import Foundation
import TestSupport
import Testing

/// `mix` with an original full of hiss up to 24 kHz (rain, wind, a noisy microphone), delivered
/// by a lossy encoder that keeps less (AAC 18 kHz, MP3 18.6, Opus 20): the mix is planned on the
/// band the encoder keeps, so the file arrives at the target loudness (it arrived 0.8-1.5 dB
/// quiet when the band above was metered and then dropped by the encoder).
@Suite("Mixing a wideband original")
struct WidebandOriginalTests {
    /// Six seconds of picture over loud stereo white noise, kept whole (PCM in Matroska, which
    /// can carry the original beside the AAC mix).
    static let hiss = Clip(
        id: "white noise, PCM", fileName: "hiss.mkv",
        steps: [
            Clip.testPattern(seconds: 6)
                + ["-f", "lavfi", "-i", "anoisesrc=color=white:amplitude=0.5:duration=6:sample_rate=48000:seed=3"]
                + ["-filter_complex", "[1:a]pan=stereo|c0=c0|c1=c0[a]", "-map", "0:v", "-map", "[a]"] + Clip.x264
                + ["-c:a", "pcm_s16le", "hiss.mkv"]
        ])

    @Test(
        "White noise mixed into a lossy codec arrives at -16 LUFS within half a unit",
        arguments: ["out.mkv", "out.mp3", "out.opus"])
    func hissArrivesAtTheTarget(output name: String) async throws {
        let folder = try TemporaryFolder()
        let input = try await Self.hiss.copy(into: folder.url)

        let result = try await Subprocess.soundtrack(["hiss.mkv", "--audio", "mix", "-o", name], in: folder.url)

        try #require(result.status == 0, "\(result.summary)")
        let output = folder.appending(name)
        let lufs = try await AudioOutputTests.integratedLoudness(output)
        #expect(abs(lufs - -16) <= 0.5, "\(name) delivered at \(lufs) LUFS")
        if TestEnvironment.hasSharedTools, name.hasSuffix(".mkv") {
            let verdict = try await CheckOutputVerdict.run(
                input: input, output: output, extra: ["--lufs=-16", "--lufs-tol", "0.5"])
            #expect(verdict.pass, "check-output failed \(verdict.failed): \(verdict.figures)")
        }
    }
}
