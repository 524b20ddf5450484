/// The key of a song: the major or minor key whose Krumhansl-Kessler profile correlates best
/// with how long each pitch class sounds, nudged towards the file's own key signature and
/// towards a tonic that the last bass note confirms (telling a major key from its relative minor).
package enum KeyFinder {
    package static let majorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    package static let minorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    package static func key(weights: [Double], signatures: [KeySignature], bass: Int?) -> FoundKey {
        var best = FoundKey(tonic: 0, isMajor: true, confidence: -2)
        var bestScore = -Double.infinity
        let stated = signatures.first
        for tonic in 0..<12 {
            for isMajor in [true, false] {
                let profile = isMajor ? majorProfile : minorProfile
                let rotated = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                let correlation = Self.correlation(weights, rotated)
                var score = correlation
                let candidate = FoundKey(tonic: tonic, isMajor: isMajor, confidence: correlation)
                if let stated, stated.sharps == Key.signature(ofMajorTonic: candidate.majorTonic) {
                    score += stated.isMinor == !isMajor ? 0.1 : 0.05
                }
                if bass == tonic { score += 0.08 }
                if score > bestScore {
                    bestScore = score
                    best = candidate
                }
            }
        }
        return best
    }

    package static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let meanA = a.reduce(0, +) / Double(a.count)
        let meanB = b.reduce(0, +) / Double(b.count)
        var product = 0.0, squaresA = 0.0, squaresB = 0.0
        for index in a.indices {
            product += (a[index] - meanA) * (b[index] - meanB)
            squaresA += (a[index] - meanA) * (a[index] - meanA)
            squaresB += (b[index] - meanB) * (b[index] - meanB)
        }
        guard squaresA > 0, squaresB > 0 else { return 0 }
        return product / (squaresA * squaresB).squareRoot()
    }
}
