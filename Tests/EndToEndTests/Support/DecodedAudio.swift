import Foundation
import TestSupport

/// An audio stream decoded by ffmpeg to mono 32-bit float at 48 kHz, for measuring levels in
/// stretches of time.
struct DecodedAudio: Sendable {
    static let sampleRate = 48_000
    var samples: [Float]

    /// Decodes the audio stream `stream` (an ffmpeg stream specifier such as `0:a:0`) of `file`.
    static func decode(_ file: URL, stream: String = "0:a:0") async throws -> DecodedAudio {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-map", stream, "-ac", "1", "-ar", "\(sampleRate)",
            "-f", "f32le", "-",
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg decode \(file.path)", result: result) }
        let samples = result.standardOutput.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
        return DecodedAudio(samples: samples)
    }

    /// Sample indices of a stretch of seconds, clipped to the samples there are.
    func range(_ seconds: ClosedRange<Double>) -> Range<Int> {
        let start = max(0, Int(seconds.lowerBound * Double(Self.sampleRate)))
        let end = min(samples.count, Int(seconds.upperBound * Double(Self.sampleRate)))
        return start..<max(start, end)
    }

    /// Mean square over stretches of seconds.
    func power(in stretches: [ClosedRange<Double>]) -> Double {
        var sum = 0.0
        var count = 0
        samples.withUnsafeBufferPointer { buffer in
            for stretch in stretches {
                for index in range(stretch) {
                    sum += Double(buffer[index]) * Double(buffer[index])
                    count += 1
                }
            }
        }
        return count == 0 ? 0 : sum / Double(count)
    }

    /// The lag (in samples, within ±`maximumLag`) at which `other` best matches this audio over
    /// `stretch`: this[i] ~ other[i + lag].
    func lag(of other: DecodedAudio, over stretch: ClosedRange<Double>, maximumLag: Int) -> Int {
        let window = range(stretch)
        var best = (lag: 0, score: -Double.infinity)
        samples.withUnsafeBufferPointer { mine in
            other.samples.withUnsafeBufferPointer { theirs in
                for lag in -maximumLag...maximumLag {
                    var score = 0.0
                    for index in window where index + lag >= 0 && index + lag < theirs.count {
                        score += Double(mine[index]) * Double(theirs[index + lag])
                    }
                    if score > best.score { best = (lag, score) }
                }
            }
        }
        return best.lag
    }

    /// This audio shifted so that sample `i` becomes sample `i - lag` (zeros fill in).
    func shifted(by lag: Int) -> DecodedAudio {
        DecodedAudio(
            samples: samples.indices.map { index in
                let source = index + lag
                return source >= 0 && source < samples.count ? samples[source] : 0
            })
    }
}
