/// A chord per beat from beat-synchronous chroma: the 24 major and minor triads (and "no
/// chord" where nothing sounds) scored by how well their template fits the treble chroma and
/// whether the bass holds their root, smoothed by a hidden Markov model (Viterbi) that charges
/// each change of chord, so that a passing note does not make a chord.
enum ChordTracker {
    struct Heard: Equatable {
        /// nil: no chord (silence).
        var root: Int?
        var isMajor: Bool
        var confidence: Double
    }

    static let changeCost = 0.12
    static let bassWeight = 0.15

    /// `treble` and `bass`: chroma per beat; `level`: how loud each beat is, 0...1 of the loudest.
    static func chords(treble: [[Double]], bass: [[Double]], level: [Double]) -> [Heard] {
        let states = 25  // 12 major, 12 minor, none.
        let count = treble.count
        guard count > 0 else { return [] }
        var emissions = [[Double]](repeating: [Double](repeating: 0, count: states), count: count)
        var fits = emissions
        for beat in 0..<count {
            let bassShares = normalised(bass[beat])
            let bassTop = bassShares.max() ?? 0
            for state in 0..<24 {
                let root = state % 12
                let third = state < 12 ? 4 : 3
                var template = [Double](repeating: 0, count: 12)
                template[root] = 1
                template[(root + third) % 12] = 1
                template[(root + 7) % 12] = 1
                let fit = cosine(treble[beat], template)
                fits[beat][state] = fit
                let bassRoot = bassTop > 0 ? bassShares[root] / bassTop : 0
                emissions[beat][state] = fit + bassWeight * bassRoot
            }
            emissions[beat][24] = level[beat] < 0.02 ? 2 : 0
        }
        var total = emissions[0]
        var back = [[Int]](repeating: [Int](repeating: 0, count: states), count: count)
        for beat in 1..<max(1, count) {
            let bestPrevious = total.indices.max { total[$0] < total[$1] }!
            var next = [Double](repeating: 0, count: states)
            for state in 0..<states {
                let stay = total[state]
                let change = total[bestPrevious] - changeCost
                if stay >= change {
                    next[state] = stay + emissions[beat][state]
                    back[beat][state] = state
                } else {
                    next[state] = change + emissions[beat][state]
                    back[beat][state] = bestPrevious
                }
            }
            total = next
        }
        var state = total.indices.max { total[$0] < total[$1] }!
        var path = [Int](repeating: 0, count: count)
        for beat in stride(from: count - 1, through: 0, by: -1) {
            path[beat] = state
            state = back[beat][state]
        }
        return path.enumerated().map { beat, state in
            state == 24
                ? Heard(root: nil, isMajor: true, confidence: 0)
                : Heard(root: state % 12, isMajor: state < 12, confidence: (fits[beat][state] * 1000).rounded() / 1000)
        }
    }
}
