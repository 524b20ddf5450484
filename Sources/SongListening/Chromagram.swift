import Foundation

/// Pitch classes heard over time: the pitch spectrum folded to twelve classes after finding the
/// recording's tuning (which third of a semitone its peaks sit in), treble (from C3 up) and
/// bass (up to E3) apart, and averaged between beats.
struct Chromagram {
    /// Which of the three bins of each semitone the recording's pitches sit nearest: 0 a third
    /// of a semitone flat, 1 at A = 440 Hz, 2 a third sharp.
    let tuning: Int
    /// Per pitch frame: a semitone's level (the three bins around it summed), `semitones` each.
    let semitoneLevels: [Float]
    let frameCount: Int

    init(_ features: SpectralFeatures) {
        let bins = SpectralFeatures.binsPerSemitone
        var perOffset = [Double](repeating: 0, count: bins)
        for (index, value) in features.pitch.enumerated() {
            perOffset[(index % SpectralFeatures.pitchBins) % bins] += Double(value)
        }
        tuning = perOffset.indices.max { perOffset[$0] < perOffset[$1] } ?? 1
        frameCount = features.pitchFrameCount
        let semitones = SpectralFeatures.semitones
        var levels = [Float](repeating: 0, count: frameCount * semitones)
        let shift = tuning - 1
        for frame in 0..<frameCount {
            let base = frame * SpectralFeatures.pitchBins
            for semitone in 0..<semitones {
                var sum: Float = 0
                for offset in 0..<bins {
                    let bin = semitone * bins + offset + shift
                    if bin >= 0 && bin < SpectralFeatures.pitchBins { sum += features.pitch[base + bin] }
                }
                levels[frame * semitones + semitone] = sum
            }
        }
        semitoneLevels = levels
    }

    func level(frame: Int, pitch: Int) -> Float {
        let semitone = pitch - SpectralFeatures.lowestPitch
        guard semitone >= 0 && semitone < SpectralFeatures.semitones else { return 0 }
        return semitoneLevels[frame * SpectralFeatures.semitones + semitone]
    }

    /// Twelve classes (0 = C) over pitches `range` and the pitch frames centred in `seconds`.
    func chroma(pitches range: ClosedRange<Int>, seconds: Range<Double>) -> [Double] {
        var classes = [Double](repeating: 0, count: 12)
        let rate = SpectralFeatures.pitchFrameRate
        let first = max(0, Int((seconds.lowerBound * rate).rounded(.up)))
        let last = min(frameCount - 1, max(first, Int((seconds.upperBound * rate).rounded(.up)) - 1))
        guard first <= last else { return classes }
        for frame in first...last {
            // Each frame's spectrum less its own floor, so that noise and reverb weigh little.
            var floor: Float = .infinity
            for pitch in range { floor = min(floor, level(frame: frame, pitch: pitch)) }
            for pitch in range {
                classes[pitch % 12] += Double(max(0, level(frame: frame, pitch: pitch) - floor))
            }
        }
        return classes.map { $0 / Double(last - first + 1) }
    }

    static let treble = 48...95
    static let bass = 28...52
}

/// Twelve numbers as a unit vector (all zero stays zero).
func normalised(_ vector: [Double]) -> [Double] {
    let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return length > 0 ? vector.map { $0 / length } : vector
}

func cosine(_ a: [Double], _ b: [Double]) -> Double {
    var product = 0.0
    var squaresA = 0.0
    var squaresB = 0.0
    for index in a.indices {
        product += a[index] * b[index]
        squaresA += a[index] * a[index]
        squaresB += b[index] * b[index]
    }
    guard squaresA > 0, squaresB > 0 else { return 0 }
    return product / (squaresA * squaresB).squareRoot()
}
