extension Key {
    /// The key a user asked for with `--key`: a tonic and a mode, for example "D minor",
    /// "F# major", "Bb lydian", "A dorian" or just "G" (major). Nil when the name is not a key.
    ///
    /// The piece takes the signature of that key (D minor: one flat). Sections whose mood asks
    /// for a mode with the same third (minor, for D minor) play in the named key; the others pick
    /// their mode from their mood among the modes of those seven notes (F major, Bb lydian, ...).
    init?(named name: String) {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).map { $0.lowercased() }
        guard (1...2).contains(words.count), let tonic = Self.pitchClass(of: words[0]) else { return nil }
        let mode: Mode
        if words.count == 1 {
            mode = .ionian
        } else if let named = Self.modeNames[words[1]] {
            mode = named
        } else {
            return nil
        }
        self.init(tonic: tonic, mode: mode)
    }

    /// `mode` on `tonic` (a pitch class), with the signature its seven notes take.
    init(tonic: Int, mode: Mode) {
        let majorTonic = (tonic - Mode.majorIntervals[mode.stepInMajorScale] + 12) % 12
        self.init(mode: mode, signature: Self.signature(ofMajorTonic: majorTonic))
    }

    private static let modeNames: [String: Mode] = [
        "major": .ionian, "ionian": .ionian, "minor": .aeolian, "aeolian": .aeolian, "dorian": .dorian,
        "phrygian": .phrygian, "lydian": .lydian, "mixolydian": .mixolydian,
    ]

    /// Pitch class of a note name such as "c", "f#", "bb", "eb" or "c♯".
    private static func pitchClass(of note: String) -> Int? {
        let letters: [Character: Int] = ["c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11]
        guard let first = note.first, let natural = letters[first] else { return nil }
        var pitchClass = natural
        for accidental in note.dropFirst() {
            switch accidental {
            case "#", "♯": pitchClass += 1
            case "b", "♭": pitchClass -= 1
            default: return nil
            }
        }
        guard note.count <= 2 else { return nil }
        return (pitchClass % 12 + 12) % 12
    }
}
