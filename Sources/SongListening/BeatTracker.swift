import Foundation

/// Beats that follow a human player: a local tempo found every second from the onset
/// envelope's autocorrelation and smoothed by dynamic programming (a tempo may drift, not jump),
/// then the beats themselves by Ellis's dynamic programming (2007): the best chain of strong
/// onsets whose spacing stays near the local beat period.
enum BeatTracker {
    static let slowestBPM = 55.0
    static let fastestBPM = 200.0
    /// The tempo that a beat is most likely to have before the onsets say otherwise, and how
    /// widely (in octaves) the prior spreads.
    static let likeliestBPM = 100.0
    static let priorOctaves = 1.0
    /// How strongly a beat keeps to the local period (Ellis's alpha).
    static let tightness: Float = 100

    /// The onset envelope: spectral flux less its local mean (a second around), half-wave
    /// rectified and scaled to unit deviation.
    static func onsetStrength(_ flux: [Float]) -> [Float] {
        guard !flux.isEmpty else { return [] }
        let radius = Int(SpectralFeatures.onsetFrameRate / 2)
        var prefix = [Double](repeating: 0, count: flux.count + 1)
        for index in flux.indices { prefix[index + 1] = prefix[index] + Double(flux[index]) }
        var strength = [Float](repeating: 0, count: flux.count)
        for index in flux.indices {
            let low = max(0, index - radius)
            let high = min(flux.count, index + radius + 1)
            let mean = Float((prefix[high] - prefix[low]) / Double(high - low))
            strength[index] = max(0, flux[index] - mean)
        }
        let mean = strength.reduce(0, +) / Float(strength.count)
        let variance = strength.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(strength.count)
        let deviation = variance.squareRoot()
        guard deviation > 0 else { return strength }
        return strength.map { $0 / deviation }
    }

    /// The beat period in onset frames at every frame.
    static func localPeriods(_ onset: [Float]) -> [Float] {
        let rate = SpectralFeatures.onsetFrameRate
        let shortest = Int((rate * 60 / fastestBPM).rounded(.down))
        let longest = Int((rate * 60 / slowestBPM).rounded(.up))
        let lags = Array(shortest...longest)
        let window = Int(rate * 8)
        let step = Int(rate)
        var centres: [Int] = []
        var scores: [[Float]] = []
        var centre = 0
        repeat {
            let start = max(0, min(centre - window / 2, onset.count - window))
            let end = min(onset.count, start + window)
            var row = lags.map { lag -> Float in
                var sum: Float = 0
                var index = start
                while index + lag < end {
                    sum += onset[index] * onset[index + lag]
                    index += 1
                }
                return sum / Float(max(1, end - start - lag))
            }
            // A period is likelier when its double also repeats (bars confirm beats), and by the prior.
            let raw = row
            for (position, lag) in lags.enumerated() {
                let double = 2 * lag - shortest
                if double < raw.count { row[position] += 0.5 * raw[double] }
                let octaves = log2(rate * 60 / Double(lag) / likeliestBPM) / priorOctaves
                row[position] *= Float(exp(-0.5 * octaves * octaves))
            }
            let top = row.max() ?? 0
            scores.append(top > 0 ? row.map { $0 / top } : row)
            centres.append(centre)
            centre += step
        } while centre < onset.count
        // The tempo path: the best score in sum, less a cost for each change of tempo.
        let changeCost: Float = 3
        var total = scores[0]
        var back: [[Int]] = [Array(lags.indices)]
        for row in scores.dropFirst() {
            var next = [Float](repeating: 0, count: lags.count)
            var links = [Int](repeating: 0, count: lags.count)
            for position in lags.indices {
                var best = -Float.infinity
                var from = position
                let near = max(0, position - 8)...min(lags.count - 1, position + 8)
                for previous in near {
                    let change = Float(abs(log2(Double(lags[position]) / Double(lags[previous]))))
                    let value = total[previous] - changeCost * change
                    if value > best {
                        best = value
                        from = previous
                    }
                }
                next[position] = best + row[position]
                links[position] = from
            }
            total = next
            back.append(links)
        }
        var position = total.indices.max { total[$0] < total[$1] } ?? 0
        var path = [Int](repeating: 0, count: scores.count)
        for index in stride(from: scores.count - 1, through: 0, by: -1) {
            path[index] = position
            position = back[index][position]
        }
        // Each frame's period, interpolated between window centres.
        var periods = [Float](repeating: 0, count: onset.count)
        for frame in onset.indices {
            let place = Double(frame) / Double(step)
            let lower = min(Int(place), path.count - 1)
            let upper = min(lower + 1, path.count - 1)
            let fraction = Float(place - Double(lower))
            periods[frame] = Float(lags[path[lower]]) * (1 - fraction) + Float(lags[path[upper]]) * min(1, fraction)
        }
        return periods
    }

    /// Beat times in seconds, from the first to the last beat heard.
    static func beats(onset: [Float], periods: [Float]) -> [Double] {
        guard onset.count > 2 else { return [] }
        var score = [Float](repeating: 0, count: onset.count)
        var previous = [Int](repeating: -1, count: onset.count)
        for frame in onset.indices {
            let period = periods[frame]
            let earliest = frame - Int((2 * period).rounded())
            let latest = frame - Int((period / 2).rounded())
            var best: Float = 0
            var from = -1
            if latest >= 0 {
                for candidate in max(0, earliest)...latest {
                    let ratio = logf(Float(frame - candidate) / period)
                    let value = score[candidate] - tightness * ratio * ratio
                    if from < 0 || value > best {
                        best = value
                        from = candidate
                    }
                }
            }
            score[frame] = onset[frame] + max(0, best)
            previous[frame] = best > 0 ? from : -1
        }
        // End on the best-scoring frame within the last period of the music.
        let lastPeriod = Int(periods.last ?? 50)
        let tail = max(0, onset.count - lastPeriod)..<onset.count
        guard var frame = tail.max(by: { score[$0] < score[$1] }) else { return [] }
        var frames: [Int] = []
        while frame >= 0 {
            frames.append(frame)
            frame = previous[frame]
        }
        return frames.reversed().map { Double($0) / SpectralFeatures.onsetFrameRate }
    }
}
