import Composition

/// The key of a recording: the Krumhansl-Kessler profile that correlates best with the pitch
/// classes heard (treble and bass), nudged towards the tonic the song starts and ends its
/// chords on, which tells a major key from its relative minor.
enum KeyHearing {
    static func key(treble: [[Double]], bass: [[Double]], chords: [ChordTracker.Heard], levels: [Double]) -> FoundKey {
        var weights = [Double](repeating: 0, count: 12)
        for beat in treble.indices {
            let t = normalised(treble[beat])
            let b = normalised(bass[beat])
            for index in 0..<12 { weights[index] += (t[index] + 0.5 * b[index]) * levels[beat] }
        }
        let heard = chords.filter { $0.root != nil }
        let first = heard.first
        let last = heard.last
        var best = FoundKey(tonic: 0, isMajor: true, confidence: 0)
        var bestScore = -Double.infinity
        for tonic in 0..<12 {
            for isMajor in [true, false] {
                let profile = isMajor ? KeyFinder.majorProfile : KeyFinder.minorProfile
                let rotated = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                let correlation = KeyFinder.correlation(weights, rotated)
                var score = correlation
                for chord in [first, last] {
                    if let chord, chord.root == tonic, chord.isMajor == isMajor { score += 0.1 }
                }
                if score > bestScore {
                    bestScore = score
                    best = FoundKey(tonic: tonic, isMajor: isMajor, confidence: (correlation * 1000).rounded() / 1000)
                }
            }
        }
        return best
    }
}
