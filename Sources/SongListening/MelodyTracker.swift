import Foundation

/// The loudest voice's line, where one is clear: in each pitch frame the pitch from G3 to C7
/// whose harmonics sum loudest (harmonic summation), kept where it stands out of the frame;
/// runs of one pitch become notes. A song where too little of the time has such a voice gets
/// no melody (the style writes its own).
enum MelodyTracker {
    struct HeardNote: Equatable {
        var start: Double
        var end: Double
        var pitch: Int
    }

    static let pitches = 55...96
    static let harmonics = [0, 12, 19, 24, 28]
    static let harmonicWeights: [Float] = [1, 0.8, 0.64, 0.51, 0.41]

    static func notes(_ chromagram: Chromagram, loudness: [Float]) -> [HeardNote] {
        let frames = chromagram.frameCount
        guard frames > 0 else { return [] }
        var best = [Int](repeating: -1, count: frames)
        var salience = [Float](repeating: 0, count: frames)
        var contrast = [Float](repeating: 0, count: frames)
        let loudest = loudness.max() ?? 0
        for frame in 0..<frames where loudness[frame] > loudest * 0.05 {
            var total: Float = 0
            var values: [Float] = []
            values.reserveCapacity(pitches.count)
            for pitch in pitches {
                var sum: Float = 0
                for (index, step) in harmonics.enumerated() {
                    sum += harmonicWeights[index] * chromagram.level(frame: frame, pitch: pitch + step)
                }
                values.append(sum)
                total += sum
            }
            var top = values.indices.max { values[$0] < values[$1] }!
            // Harmonic summation also credits the octave below a note (its harmonics are all the
            // note's); the higher octave wins when it is nearly as salient.
            while top + 12 < values.count && values[top + 12] >= 0.75 * values[top] { top += 12 }
            salience[frame] = values[top]
            contrast[frame] = values[top] / max(1e-6, total / Float(values.count))
            best[frame] = pitches.lowerBound + top
        }
        // A frame is voiced when its top pitch stands well out of the frame's average.
        var notes: [HeardNote] = []
        let rate = SpectralFeatures.pitchFrameRate
        var start = 0
        while start < frames {
            var end = start + 1
            while end < frames && best[end] == best[start] { end += 1 }
            let voiced = best[start] >= 0 && contrast[start..<end].reduce(0, +) / Float(end - start) >= 1.6
            if voiced && end - start >= 2 {
                notes.append(HeardNote(start: Double(start) / rate, end: Double(end) / rate, pitch: best[start]))
            }
            start = end
        }
        let heardSeconds = notes.reduce(0) { $0 + $1.end - $1.start }
        let soundingSeconds = Double(loudness.count { $0 > loudest * 0.05 }) / rate
        return heardSeconds >= 0.3 * soundingSeconds && notes.count >= 8 ? notes : []
    }
}
