extension FrameSeries {
    /// Visual beats: moments where motion suddenly rises (motion-onset peaks, as in CMT 2021),
    /// in seconds. The onset strength of a frame is how far its difference from the previous
    /// picture exceeds the mean of the three before; a beat is a local peak (within 0.15 s)
    /// standing clearly above the strengths of the surrounding two seconds, at least 0.25 s
    /// after the previous beat. Cuts are not beats.
    func visualBeats(excluding cuts: [Double]) -> [Double] {
        guard count > 8 else { return [] }
        var onset = [Double](repeating: 0, count: count)
        for index in 4..<count {
            let before = (differences[index - 3] + differences[index - 2] + differences[index - 1]) / 3
            onset[index] = max(0, differences[index] - before)
        }
        var beats: [Double] = []
        var low = 0, high = 0
        for index in 4..<count {
            let time = times[index]
            while times[low] < time - 1 { low += 1 }
            while high + 1 < count, times[high + 1] <= time + 1 { high += 1 }
            let window = onset[low...high]
            let mean = window.reduce(0, +) / Double(window.count)
            let spread = (window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(window.count)).squareRoot()
            guard onset[index] > 0.5, onset[index] > mean + 1.5 * spread else { continue }
            var isPeak = true
            var other = index - 1
            while other >= 0, times[index] - times[other] <= 0.15 {
                if onset[other] > onset[index] { isPeak = false }
                other -= 1
            }
            other = index + 1
            while other < count, times[other] - times[index] <= 0.15 {
                if onset[other] >= onset[index] { isPeak = false }
                other += 1
            }
            guard isPeak, !cuts.contains(where: { abs($0 - time) < 0.15 }) else { continue }
            if let last = beats.last, time - last < 0.25 { continue }
            beats.append(time)
        }
        return beats
    }
}
