#if canImport(Glibc)
import Glibc
#endif

extension AudioFeatureTrack {
    /// Spectral brightness of the sound between two times, in Hz: estimated from the zero
    /// crossing rate of the louder blocks (crossings per sample x sample rate / 2).
    public func centroid(from start: Double, to end: Double) -> Double? {
        let range = blocks(from: start, to: end)
        guard range.count >= 2 else { return nil }
        var sum: Float = 0, weight: Float = 0
        for index in range where Self.decibels(blockEnergy[index]) > -50 {
            sum += blockCrossingRate[index] * blockEnergy[index]
            weight += blockEnergy[index]
        }
        guard weight > 0 else { return nil }
        return Double(sum / weight) * Double(Self.sampleRate) / 2
    }

    /// Tempo of the sound between two times in beats per minute, with a confidence 0...1: the
    /// strongest autocorrelation of the onset envelope (rises in level from block to block)
    /// at lags between 60 and 200 BPM, as a share of the envelope's energy.
    public func tempo(from start: Double, to end: Double) -> (bpm: Double, confidence: Double)? {
        let range = blocks(from: start, to: end)
        guard range.count >= 40 else { return nil }
        var envelope: [Double] = []
        for index in range where index > 0 {
            let rise = Self.decibels(blockEnergy[index]) - Self.decibels(blockEnergy[index - 1])
            envelope.append(Self.decibels(blockEnergy[index]) > -50 ? max(0, rise) : 0)
        }
        let mean = envelope.reduce(0, +) / Double(envelope.count)
        let centred = envelope.map { $0 - mean }
        let power = centred.reduce(0) { $0 + $1 * $1 }
        guard power > 1e-9 else { return nil }
        // 50 ms blocks: lag L blocks is 1200 / L BPM.
        var best: (lag: Int, score: Double) = (0, 0)
        for lag in 6...20 where lag < centred.count / 2 {
            var sum = 0.0
            for index in lag..<centred.count { sum += centred[index] * centred[index - lag] }
            let score = sum / power
            if score > best.score { best = (lag, score) }
        }
        guard best.lag > 0 else { return nil }
        return (1200 / Double(best.lag), min(1, max(0, best.score * 2)))
    }

    /// Stretches where someone is probably speaking: sound above -45 dBFS whose level rises and
    /// falls at a syllable rate (several 6 dB swings a second) with speech-like zero crossings,
    /// judged over one-second windows and merged; at least `minimumSeconds` long.
    public func speechRegions(minimumSeconds: Double = 0.6) -> [ClosedRange<Double>] {
        let window = Int(1 / Self.blockSeconds)
        guard blockEnergy.count >= window else { return [] }
        var speaking = [Bool](repeating: false, count: blockEnergy.count)
        for start in stride(from: 0, to: blockEnergy.count - window + 1, by: window / 2) {
            let levels = (start..<(start + window)).map { Self.decibels(blockEnergy[$0]) }
            let loud = levels.filter { $0 > -45 }.count
            guard loud >= window / 3 else { continue }
            var swings = 0
            var rising = false
            for index in 1..<levels.count {
                if levels[index] > levels[index - 1] + 6 && !rising {
                    swings += 1
                    rising = true
                } else if levels[index] < levels[index - 1] - 3 {
                    rising = false
                }
            }
            let crossing = (start..<(start + window)).map { Double(blockCrossingRate[$0]) }.reduce(0, +) / Double(window)
            // Syllables: 2 to 8 a second; voice: crossings above mains hum, below hiss.
            if (2...8).contains(swings), crossing > 0.003, crossing < 0.2 {
                for index in start..<(start + window) { speaking[index] = true }
            }
        }
        var regions: [ClosedRange<Double>] = []
        var index = 0
        while index < speaking.count {
            guard speaking[index] else {
                index += 1
                continue
            }
            var end = index
            while end + 1 < speaking.count, speaking[end + 1] { end += 1 }
            let region = (Double(index) * Self.blockSeconds)...(Double(end + 1) * Self.blockSeconds)
            if region.upperBound - region.lowerBound >= minimumSeconds { regions.append(region) }
            index = end + 1
        }
        return regions
    }

    func blocks(from start: Double, to end: Double) -> Range<Int> {
        let first = max(0, Int(start / Self.blockSeconds))
        let last = min(blockEnergy.count, Int(end / Self.blockSeconds))
        return first..<max(first, last)
    }
}
