/// One bar of one part, written the way a drummer or an arranger jots a groove down: one
/// character per sixteenth note of a 4/4 bar.
///
/// `.` is a rest and `_` holds the note before. What the other characters mean depends on the
/// lane the pattern is played in (see `Lane`): `x`, `X` and `o` are a hit, an accent and a ghost
/// note on a drum; `R`, `5`, `8`, `3`, `7` and `A` are the chord's root, fifth, octave, third,
/// seventh and an approach to the next root in a bass line; digits pick the chord tones of a
/// voicing from the bottom up (an arpeggio); `C`, `c`, `D`, `U` and `T` strike the whole chord,
/// softly, strummed down, strummed up, or only its top voices. Spaces and `|` only help the eye.
///
/// A bar longer or shorter than 4/4 (before a montage cut) plays the pattern from its start and
/// stops at the bar's end, or starts it again.
struct Pattern: Sendable, Equatable, ExpressibleByStringLiteral {
    /// Sixteenths in a 4/4 bar.
    static let stepsPerBar = 16

    let symbols: [Character]

    init(_ text: String) {
        symbols = text.filter { $0 != " " && $0 != "|" }
        precondition(!symbols.isEmpty, "a pattern has at least one step")
    }

    init(stringLiteral text: String) {
        self.init(text)
    }

    /// The symbol at `step`, wrapping around the pattern.
    func symbol(at step: Int) -> Character {
        symbols[step % symbols.count]
    }

    /// Whether `symbol` starts a note (anything but a rest or a hold).
    static func isOnset(_ symbol: Character) -> Bool {
        symbol != "." && symbol != "_"
    }

    /// The onsets of a bar of `steps` sixteenths: (step, symbol, steps until the note ends), where
    /// a note lasts through its holds and no further than the next onset or the bar's end.
    func onsets(inSteps steps: Int) -> [(step: Int, symbol: Character, length: Int)] {
        var result: [(step: Int, symbol: Character, length: Int)] = []
        var step = 0
        while step < steps {
            let symbol = symbol(at: step)
            guard Self.isOnset(symbol) else {
                step += 1
                continue
            }
            var end = step + 1
            while end < steps && self.symbol(at: end) == "_" { end += 1 }
            result.append((step, symbol, end - step))
            step += 1
        }
        return result
    }
}
