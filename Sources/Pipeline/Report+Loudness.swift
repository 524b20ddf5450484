import Foundation

extension Report {
    /// Short-term loudness (BS.1770: the 3 s before each reading) every `stepSeconds`, in LUFS;
    /// null where the sound is silent. Readings are the ones the job's own meters took on the way.
    public struct LoudnessCurves: Codable, Sendable {
        public static let stepSeconds = 0.5
        public static let windowSeconds = 3.0
        public var stepSeconds = LoudnessCurves.stepSeconds
        public var windowSeconds = LoudnessCurves.windowSeconds
        /// The original sound as it is in the input; absent when it was not measured (no sound,
        /// or not mixed into the soundtrack).
        public var original: [Double?]?
        /// The music as rendered, before any gain.
        public var music: [Double?]
        /// The music as it sits in the delivered track: with its gain and the ducking under the
        /// original applied (estimated from `music`, `musicGain` and `ducking`).
        public var musicInMix: [Double?]
        /// The delivered track, after gain and the true-peak limiter.
        public var delivered: [Double?]
        /// Gain of the ducking under the original, in dB (0 or less) per step; absent without a mix.
        public var ducking: [Double]?
        /// Gain the music got on its way to the delivered track, in dB, ducking aside.
        public var musicGain: Double

        /// - Parameters:
        ///   - duck: linear ducking gains, one per `duckBlockSeconds`.
        init(
            original: [Double]?, music: [Double], delivered: [Double], duck: [Float]?, duckBlockSeconds: Double,
            musicGain: Double
        ) {
            self.original = original.map(Self.readings)
            self.music = Self.readings(music)
            self.delivered = Self.readings(delivered)
            self.musicGain = musicGain.rounded(places: 1)
            let steps = music.count
            let ducking = duck.map { Self.ducking($0, blockSeconds: duckBlockSeconds, steps: steps) }
            self.ducking = ducking?.map { $0.rounded(places: 1) }
            // The window's mean power gain, applied to the music's reading over that window.
            let windowSteps = Int((Self.windowSeconds / Self.stepSeconds).rounded())
            musicInMix = music.indices.map { index in
                guard music[index].isFinite else { return nil }
                var gain = 0.0
                if let ducking {
                    let window = ducking[max(0, index + 1 - windowSteps)...index]
                    gain = 10 * log10(window.reduce(0) { $0 + pow(10, $1 / 10) } / Double(window.count))
                }
                return (music[index] + musicGain + gain).rounded(places: 1)
            }
        }

        private static func readings(_ values: [Double]) -> [Double?] {
            values.map { $0.isFinite ? $0.rounded(places: 1) : nil }
        }

        /// Power-mean ducking gain in dB over each step.
        private static func ducking(_ gains: [Float], blockSeconds: Double, steps: Int) -> [Double] {
            let perStep = max(1, Int((stepSeconds / blockSeconds).rounded()))
            return (0..<steps).map { step in
                let blocks = gains[min(gains.count, step * perStep)..<min(gains.count, (step + 1) * perStep)]
                guard !blocks.isEmpty else { return 0 }
                let power = blocks.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(blocks.count)
                return power > 0 ? 10 * log10(power) : -60
            }
        }
    }
}
