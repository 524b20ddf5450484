/// A mode on a tonic: the scale one section is written in, and the arithmetic of scale degrees.
///
/// Parts think in scale degrees (0 = tonic, 7 = the tonic an octave up, -1 = the step below) so
/// that every note they write is in the scale by construction. `pitch(ofDegree:)` turns a degree
/// into a MIDI pitch, counted from `referencePitch`, the tonic nearest middle C.
struct Key: Sendable, Equatable {
    let mode: Mode
    /// Pitch class of the tonic, 0 = C.
    let tonic: Int
    /// Sharps (+) or flats (-) of the signature shared by every mode of the same seven notes.
    let signature: Int
    private let intervals: [Int]

    /// The `mode` built on the notes of the major scale with `signature` sharps or flats.
    init(mode: Mode, signature: Int) {
        self.mode = mode
        self.signature = signature
        let majorTonic = ((signature * 7) % 12 + 12) % 12
        tonic = (majorTonic + Mode.majorIntervals[mode.stepInMajorScale]) % 12
        intervals = mode.intervals
    }

    /// The tonic pitch closest to middle C (60), from F#3 to F4.
    var referencePitch: Int { 60 + ((tonic + 6) % 12) - 6 }

    /// "D dorian", "A minor", "Bb major"; flats are spelled in flat signatures.
    var name: String {
        let sharps = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        let flats = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
        return "\((signature < 0 ? flats : sharps)[tonic]) \(mode.name)"
    }

    /// MIDI pitch of a scale degree, relative to `referencePitch`.
    func pitch(ofDegree degree: Int) -> Int {
        let octave = degree >= 0 ? degree / 7 : -((-degree + 6) / 7)
        return referencePitch + 12 * octave + intervals[degree - 7 * octave]
    }

    /// Whether a pitch belongs to the scale.
    func contains(pitch: Int) -> Bool {
        intervals.contains(((pitch - tonic) % 12 + 12) % 12)
    }

    /// The degree whose pitch is closest to `pitch` (the lower one on a tie).
    func nearestDegree(to pitch: Int) -> Int {
        var degree = (pitch - referencePitch) * 7 / 12
        while self.pitch(ofDegree: degree) > pitch { degree -= 1 }
        while self.pitch(ofDegree: degree + 1) <= pitch { degree += 1 }
        let below = pitch - self.pitch(ofDegree: degree)
        let above = self.pitch(ofDegree: degree + 1) - pitch
        return below <= above ? degree : degree + 1
    }

    /// The pitch of `pitchClass` that lies in `range` and is closest to `target`.
    static func pitch(ofClass pitchClass: Int, in range: ClosedRange<Int>, closestTo target: Int) -> Int {
        var best = range.lowerBound + ((pitchClass - range.lowerBound) % 12 + 12) % 12
        var candidate = best + 12
        while candidate <= range.upperBound {
            if abs(candidate - target) < abs(best - target) { best = candidate }
            candidate += 12
        }
        return best
    }

    /// Sharps (+) or flats (-) of the major key on `tonic`, from five flats (Db) to six sharps (F#).
    static func signature(ofMajorTonic tonic: Int) -> Int {
        let sharps = ((tonic % 12 + 12) % 12 * 7) % 12
        return sharps > 6 ? sharps - 12 : sharps
    }
}
