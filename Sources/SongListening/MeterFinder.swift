/// The meter and where its bars start: for three and four beats a bar, and each phase, how
/// much more the harmony changes, the bass moves and the onsets are accented on the beats that
/// phase makes downbeats than on the others. One meter and phase for the whole song.
enum MeterFinder {
    /// Beats per bar, and the index of the first downbeat among the beats.
    static func meter(treble: [[Double]], bass: [[Double]], accents: [Double]) -> (beatsPerBar: Int, firstDownbeat: Int)
    {
        let count = treble.count
        guard count >= 8 else { return (4, 0) }
        func mean(_ rows: ArraySlice<[Double]>) -> [Double] {
            var sum = [Double](repeating: 0, count: 12)
            for row in rows { for index in 0..<12 { sum[index] += row[index] } }
            return sum
        }
        var harmonic = [Double](repeating: 0, count: count)
        var bassMoves = [Double](repeating: 0, count: count)
        for beat in 1..<count {
            let before = mean(treble[max(0, beat - 2)..<beat])
            let after = mean(treble[beat..<min(count, beat + 2)])
            harmonic[beat] = 1 - cosine(before, after)
            bassMoves[beat] = 1 - cosine(bass[beat - 1], bass[beat])
        }
        let evidence = zip(zip(standardised(harmonic), standardised(bassMoves)), standardised(accents)).map {
            $0.0 + $0.1 + 0.5 * $1
        }
        var best = (beatsPerBar: 4, firstDownbeat: 0, score: -Double.infinity)
        for beatsPerBar in [4, 3] {
            for phase in 0..<beatsPerBar {
                var on = 0.0
                var onCount = 0.0
                var off = 0.0
                var offCount = 0.0
                for beat in 1..<count {
                    if (beat - phase) % beatsPerBar == 0 {
                        on += evidence[beat]
                        onCount += 1
                    } else {
                        off += evidence[beat]
                        offCount += 1
                    }
                }
                // Four beats a bar is the likelier meter: three must do clearly better.
                let score = on / max(1, onCount) - off / max(1, offCount) - (beatsPerBar == 3 ? 0.15 : 0)
                if score > best.score { best = (beatsPerBar, phase, score) }
            }
        }
        return (best.beatsPerBar, best.firstDownbeat)
    }

    static func standardised(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(max(1, values.count))
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, values.count)))
            .squareRoot()
        return deviation > 0 ? values.map { ($0 - mean) / deviation } : values.map { _ in 0 }
    }
}
