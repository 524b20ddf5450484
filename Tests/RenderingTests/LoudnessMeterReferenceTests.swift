import Foundation
import TestSupport
import Testing

@testable import Mixing

/// The meter against ffmpeg's `ebur128` filter on signals that exercise each part of BS.1770:
/// the K-weighting across the spectrum, both sample rates, mono and stereo, the gates (silent
/// gaps and a quiet stretch under the relative gate), noise, and a real film soundtrack.
@Suite struct LoudnessMeterReferenceTests {
    struct Signal: Sendable, CustomTestStringConvertible {
        var name: String
        var sampleRate: Int
        var channels: Int
        /// Stretches of sound, one after the other: a generator per stretch.
        var stretches: [Stretch]
        var testDescription: String { "\(name), \(channels) ch at \(sampleRate) Hz" }

        /// The true peak of a signal that is one sine: its amplitude.
        var exactTruePeak: Double? {
            guard stretches.count == 1, case .sine(_, let decibels, _) = stretches[0] else { return nil }
            return decibels
        }

        /// Whether ffmpeg's true peak can serve as the reference: not for tones above 4 kHz, where
        /// its resampler overshoots (a -12 dBFS 12 kHz sine reads -11.5 dBTP there, -11.91 here).
        var ffmpegTruePeakHolds: Bool {
            stretches.allSatisfy { stretch in
                if case .sine(let hertz, _, _) = stretch { return hertz <= 4000 }
                return true
            }
        }

        enum Stretch: Sendable {
            case sine(hertz: Double, decibels: Double, seconds: Double)
            case silence(seconds: Double)
            case pinkNoise(decibels: Double, seconds: Double, seed: UInt64)
        }

        func samples() -> [Float] {
            var samples: [Float] = []
            for stretch in stretches {
                switch stretch {
                case .sine(let hertz, let decibels, let seconds):
                    let amplitude = pow(10, decibels / 20)
                    for frame in 0..<Int(seconds * Double(sampleRate)) {
                        // The channels a little apart in phase, so that they are not identical.
                        for channel in 0..<channels {
                            let phase = 2 * Double.pi * hertz * Double(frame) / Double(sampleRate)
                            samples.append(Float(amplitude * sin(phase + Double(channel) * 0.3)))
                        }
                    }
                case .silence(let seconds):
                    samples += [Float](repeating: 0, count: Int(seconds * Double(sampleRate)) * channels)
                case .pinkNoise(let decibels, let seconds, let seed):
                    samples += Self.pinkNoise(
                        decibels: decibels, frames: Int(seconds * Double(sampleRate)), channels: channels, seed: seed)
                }
            }
            return samples
        }

        /// Noise falling about 3 dB an octave (white noise through a bank of one-pole low-passes
        /// an octave apart), independent in each channel, peaking near `decibels`.
        static func pinkNoise(decibels: Double, frames: Int, channels: Int, seed: UInt64) -> [Float] {
            var state = seed
            func white() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53) * 2 - 1
            }
            let poles = (0..<7).map { 1 - 0.5 / pow(2, Double($0)) }
            var memory = [[Double]](repeating: [Double](repeating: 0, count: poles.count), count: channels)
            var noise = [Double]()
            noise.reserveCapacity(frames * channels)
            for _ in 0..<frames {
                for channel in 0..<channels {
                    var sum = 0.0
                    for (index, pole) in poles.enumerated() {
                        memory[channel][index] = pole * memory[channel][index] + (1 - pole) * white()
                        sum += memory[channel][index] * pow(2, Double(index) / 2)
                    }
                    noise.append(sum)
                }
            }
            let scale = pow(10, decibels / 20) / (noise.map(abs).max() ?? 1)
            return noise.map { Float($0 * scale) }
        }
    }

    static let signals: [Signal] = [
        Signal(
            name: "997 Hz -20 dBFS", sampleRate: 48000, channels: 2,
            stretches: [.sine(hertz: 997, decibels: -20, seconds: 6)]),
        Signal(
            name: "997 Hz -20 dBFS", sampleRate: 44100, channels: 2,
            stretches: [.sine(hertz: 997, decibels: -20, seconds: 6)]),
        Signal(
            name: "997 Hz -20 dBFS", sampleRate: 48000, channels: 1,
            stretches: [.sine(hertz: 997, decibels: -20, seconds: 6)]),
        Signal(
            name: "60 Hz -6 dBFS", sampleRate: 48000, channels: 2,
            stretches: [.sine(hertz: 60, decibels: -6, seconds: 6)]),
        Signal(
            name: "25 Hz -3 dBFS", sampleRate: 44100, channels: 2,
            stretches: [.sine(hertz: 25, decibels: -3, seconds: 6)]),
        Signal(
            name: "5 kHz -30 dBFS", sampleRate: 44100, channels: 1,
            stretches: [.sine(hertz: 5000, decibels: -30, seconds: 6)]),
        Signal(
            name: "12 kHz -12 dBFS", sampleRate: 48000, channels: 2,
            stretches: [.sine(hertz: 12000, decibels: -12, seconds: 6)]),
        Signal(
            name: "tones with silent gaps and a stretch under the relative gate", sampleRate: 48000, channels: 2,
            stretches: [
                .sine(hertz: 440, decibels: -10, seconds: 3.3), .silence(seconds: 4),
                .sine(hertz: 2000, decibels: -18, seconds: 2.05),
                .silence(seconds: 1), .sine(hertz: 300, decibels: -40, seconds: 5), .silence(seconds: 2),
            ]),
        Signal(
            name: "tones with silent gaps and a stretch under the relative gate", sampleRate: 44100, channels: 1,
            stretches: [
                .sine(hertz: 440, decibels: -10, seconds: 3.3), .silence(seconds: 4),
                .sine(hertz: 2000, decibels: -18, seconds: 2.05),
                .silence(seconds: 1), .sine(hertz: 300, decibels: -40, seconds: 5), .silence(seconds: 2),
            ]),
        Signal(
            name: "pink noise", sampleRate: 48000, channels: 2,
            stretches: [.pinkNoise(decibels: -6, seconds: 8, seed: 1)]),
        Signal(
            name: "pink noise with gaps", sampleRate: 44100, channels: 2,
            stretches: [
                .pinkNoise(decibels: -3, seconds: 4, seed: 2), .silence(seconds: 3),
                .pinkNoise(decibels: -30, seconds: 4, seed: 3),
            ]),
    ]

    @Test(arguments: signals)
    func agreesWithFFmpeg(signal: Signal) throws {
        let samples = signal.samples()
        let truePeak = try compare(
            samples, sampleRate: signal.sampleRate, channels: signal.channels, name: signal.testDescription,
            comparingTruePeak: signal.ffmpegTruePeakHolds)
        if let exact = signal.exactTruePeak {
            #expect(abs(truePeak - exact) < 0.1, "TP \(truePeak), the sine's peak \(exact)")
        }
    }

    /// The soundtrack of a real film trailer (MP3 in the clip), decoded by ffmpeg to 48 kHz
    /// stereo. Development footage from ../shared/media, so the test runs where that is.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: trailer)))
    func agreesWithFFmpegOnAFilmSoundtrack() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-r128")
        let raw = folder.path("trailer.f32")
        try Subprocess.runBlocking(
            Subprocess.ffmpegQuiet + ["-i", Self.trailer, "-vn", "-f", "f32le", "-ar", "48000", "-ac", "2", raw]
        ).succeeded("ffmpeg decode")
        let data = try Data(contentsOf: URL(fileURLWithPath: raw))
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(samples.count > 48000 * 2 * 30)
        try compare(samples, sampleRate: 48000, channels: 2, name: "trailer")
    }

    static let trailer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "../../../shared/media/trailer_bbb.mp4").standardizedFileURL.path

    /// Integrated loudness within 0.05 LU, every short-term reading from 3 s on within 0.1 LU
    /// (both below -70 LUFS, or ffmpeg's not-a-number, counts as agreeing on silence), true peak
    /// within 0.1 dB unless told not to compare it; returns the meter's true peak. The
    /// short-term readings every half second, the audio added in uneven chunks.
    @discardableResult
    func compare(
        _ samples: [Float], sampleRate: Int, channels: Int, name: String, comparingTruePeak: Bool = true
    ) throws -> Double {
        var meter = try LoudnessMeter(
            channels: channels, sampleRate: sampleRate, peaks: .truePeak, shortTermSeconds: 0.5)
        let chunk = 4093 * channels
        for start in stride(from: 0, to: samples.count, by: chunk) {
            try meter.add(Array(samples[start..<min(samples.count, start + chunk)]))
        }
        let reference = try FFmpegLoudness(samples, sampleRate: sampleRate, channels: channels)
        #expect(meter.integratedLoudness.isFinite)
        #expect(
            abs(meter.integratedLoudness - reference.integrated) < 0.05,
            "\(name): I \(meter.integratedLoudness), ffmpeg \(reference.integrated)")
        if comparingTruePeak {
            #expect(
                abs(meter.truePeak - reference.truePeak) < 0.1,
                "\(name): TP \(meter.truePeak), ffmpeg \(reference.truePeak)")
        }
        #expect(meter.shortTerm.count == samples.count / channels / (sampleRate / 2))
        var compared = 0
        for (index, reading) in meter.shortTerm.enumerated() where index >= 5 {
            guard let expected = reference.shortTerm[5 * (index + 1)] else { continue }
            compared += 1
            if !(expected >= -70) {
                #expect(reading < -70, "\(name): S[\(index)] \(reading), ffmpeg \(expected)")
            } else {
                #expect(abs(reading - expected) < 0.1, "\(name): S[\(index)] \(reading), ffmpeg \(expected)")
            }
        }
        #expect(compared == meter.shortTerm.count - 5)
        return meter.truePeak
    }
}
