import Foundation
import TestSupport
import Testing

@testable import MediaIO

/// A long AAC soundtrack is encoded in segments by two encoders and muxed as one stream: the
/// decoded track must be the input, exactly as long, with no seam to be found.
@Suite("SegmentedEncoding")
struct SegmentedEncodingTests {
    init() {
        FFmpegLog.install()
    }

    /// Chords whose loudness swells and falls, with a noise burst (a transient, which makes the
    /// encoder switch to short windows) every 0.7 s; the same samples every time.
    static func music(frames: Int) -> [Float] {
        var samples = [Float](repeating: 0, count: frames * 2)
        var noise: UInt32 = 12345
        for frame in 0..<frames {
            let time = Double(frame) / 48_000
            let swell = 0.15 + 0.1 * sin(2 * Double.pi * time / 7)
            var left = swell * (sin(2 * Double.pi * 220 * time) + 0.6 * sin(2 * Double.pi * 330 * time))
            var right = swell * (sin(2 * Double.pi * 277.2 * time) + 0.5 * sin(2 * Double.pi * 440 * time))
            let burst = time.truncatingRemainder(dividingBy: 0.7)
            if burst < 0.03 {
                noise = noise &* 1_664_525 &+ 1_013_904_223
                let value = (Double(noise >> 8) / Double(1 << 24) - 0.5) * 0.6 * (1 - burst / 0.03)
                left += value
                right -= value
            }
            samples[2 * frame] = Float(left)
            samples[2 * frame + 1] = Float(right)
        }
        return samples
    }

    /// Hands out `samples` in the pieces the writer asks for.
    static func source(_ samples: [Float]) -> SoundtrackSource {
        var position = 0
        return { buffer in
            let count = min(buffer.count, samples.count - position)
            for index in 0..<count { buffer[index] = samples[position + index] }
            position += count
            return count / 2
        }
    }

    /// The error of `decoded` against `input` relative to the input, in dB, over `frames`.
    static func errorRatio(_ decoded: [Float], _ input: [Float], frames: Range<Int>) -> Double {
        var error = 0.0
        var signal = 0.0
        for index in (frames.lowerBound * 2)..<(frames.upperBound * 2) {
            let difference = Double(decoded[index] - input[index])
            error += difference * difference
            signal += Double(input[index]) * Double(input[index])
        }
        return 10 * log10(error / signal)
    }

    @Test("75 s of AAC in four segments: as long as the input, and at each seam as close to it as one encoder is")
    func seamsAreInaudible() throws {
        let frameCount = 75 * 48_000 + 333
        let input = Self.music(frames: frameCount)
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = folder.path("long.m4a")
        let output = try AtomicOutputFile(path: path)
        let encoder = try AudioEncoder(codec: .aac, globalHeader: true)
        #expect(SegmentedEncoding.suits(encoder, frameCount: frameCount))
        try AudioFileWriter().write(output: output, format: .m4a, frameCount: frameCount, source: Self.source(input))
        try output.commit()

        let duration = try MediaProbe.csv(path, entries: "stream=duration", stream: "a:0")
        #expect(abs((Double(duration.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) - Double(frameCount) / 48_000) < 0.001)
        let decoded = try Self.decode(path)
        // The last packet is decoded whole; the edit list's start trim is applied.
        #expect(decoded.count / 2 >= frameCount && decoded.count / 2 < frameCount + 1024, "\(decoded.count / 2) frames")
        guard decoded.count >= input.count else { return }

        // The same samples through one encoder (ffmpeg's, set up as ours): what each stretch
        // should sound like. Bursts make the coding error differ a lot from place to place.
        let raw = folder.path("input.f32")
        try input.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: raw)) }
        let whole = folder.path("whole.m4a")
        _ = try Subprocess.runBlocking(
            Subprocess.ffmpegQuiet + [
                "-f", "f32le", "-ar", "48000", "-ac", "2", "-i", raw, "-c:a", "aac", "-aac_coder", "fast", "-b:a", "192k",
                whole,
            ]
        ).succeeded("encoding \(raw)")
        let reference = try Self.decode(whole)
        guard reference.count >= input.count else {
            Issue.record("the reference decodes to \(reference.count / 2) frames")
            return
        }
        let overall = Self.errorRatio(decoded, input, frames: 0..<frameCount)
        let referenceOverall = Self.errorRatio(reference, input, frames: 0..<frameCount)
        #expect(overall < referenceOverall + 0.5, "the track: \(overall) dB, one encoder \(referenceOverall) dB")
        let seams = Array(stride(from: SegmentedEncoding.segmentFrames, to: frameCount, by: SegmentedEncoding.segmentFrames))
        #expect(seams.count == 3)
        for seam in seams {
            let frames = (seam - 4096)..<(seam + 4096)
            let around = Self.errorRatio(decoded, input, frames: frames)
            let expected = Self.errorRatio(reference, input, frames: frames)
            #expect(around < expected + 1, "seam at frame \(seam): \(around) dB, one encoder \(expected) dB")
            #expect(
                Self.largestError(decoded, input, frames: frames) <= Self.largestError(reference, input, frames: frames) * 1.5 + 0.001,
                "seam at frame \(seam)")
        }
    }

    static func decode(_ path: String) throws -> [Float] {
        try Subprocess.runBlocking(
            Subprocess.ffmpegQuiet + ["-i", path, "-f", "f32le", "-ac", "2", "-ar", "48000", "-"]
        ).succeeded("decoding \(path)").standardOutput.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    static func largestError(_ decoded: [Float], _ input: [Float], frames: Range<Int>) -> Float {
        var largest: Float = 0
        for index in (frames.lowerBound * 2)..<(frames.upperBound * 2) {
            largest = max(largest, abs(decoded[index] - input[index]))
        }
        return largest
    }

    @Test("A minute or less stays with one encoder; other codecs always do")
    func shortTracksAreWhole() throws {
        let aac = try AudioEncoder(codec: .aac, globalHeader: true)
        #expect(!SegmentedEncoding.suits(aac, frameCount: 60 * 48_000))
        let flac = try AudioEncoder(codec: .flac, globalHeader: true)
        #expect(!SegmentedEncoding.suits(flac, frameCount: 600 * 48_000))
    }
}
