/// Plays one layer of a style's level over a stretch of a section: turns each bar's pattern into
/// notes on the section's chords, with the style's swing, the part's articulation and voicing,
/// and a little human unevenness in the velocities.
struct PartWriter {
    let context: SectionContext
    let instrument: Instrument
    /// The section's base velocity (from its intensity) plus the layer's and the instrument's.
    let velocity: Int
    let swing: Double
    let laidBack: Int

    static let ticksPerStep = 120

    /// The notes of `layer` in the bars `bars` of the section (indices into `context.bars`),
    /// none starting at or after `until` and none sounding past it.
    func notes(
        for layer: Layer, bars: Range<Int>, until: Int, voicer: inout Voicer, random: inout SeededRandom
    ) -> [Note] {
        var notes: [Note] = []
        for barIndex in bars {
            let bar = context.bars[barIndex]
            let pattern = layer.pattern(forBar: context.phraseBar(barIndex))
            let steps = bar.ticks / Self.ticksPerStep
            let barEnd = min(bar.endTick, until)
            for onset in pattern.onsets(inSteps: steps) {
                let tick = bar.startTick + onset.step * Self.ticksPerStep
                guard tick < barEnd else { break }
                let start = min(barEnd - 1, tick + delay(atStep: onset.step))
                let end = min(barEnd, bar.startTick + (onset.step + onset.length) * Self.ticksPerStep)
                notes += play(
                    onset.symbol, lane: layer.lane, from: start, to: end, barEnd: barEnd, voicer: &voicer,
                    random: &random)
            }
        }
        return notes
    }

    /// Swing for the off-beats and the part's lag, never on a downbeat.
    private func delay(atStep step: Int) -> Int {
        var ticks = step == 0 ? 0 : laidBack
        if step % 4 == 2 { ticks += Int((swing * Double(Self.ticksPerStep)).rounded()) }
        if step % 2 == 1 { ticks += Int((swing * Double(Self.ticksPerStep) / 2).rounded()) }
        return ticks
    }

    /// The notes one symbol strikes from `start`, held until `end` (split where the chord
    /// changes, for chords and bass lines, so that nothing holds over a change of harmony).
    private func play(
        _ symbol: Character, lane: Lane, from start: Int, to end: Int, barEnd: Int, voicer: inout Voicer,
        random: inout SeededRandom
    ) -> [Note] {
        var pieces: [(start: Int, end: Int)] = [(start, end)]
        if lane == .bass || lane == .chord {
            pieces = context.chordChanges(from: start, to: end).map { ($0.start, $0.end) }
        }
        var notes: [Note] = []
        for (index, piece) in pieces.enumerated() {
            let chord = context.chord(atTick: piece.start)
            let length = max(30, Int(Double(piece.end - piece.start) * instrument.articulation))
            let accent = index == 0 ? 0 : -6
            let pitches = self.pitches(symbol, lane: lane, chord: chord, at: piece.start, voicer: &voicer)
            let strike = velocity + accent + Self.accent(of: symbol, lane: lane)
            for (order, pitch) in pitches.enumerated() {
                let stagger = Self.strumStagger(symbol) * order
                let onset = min(piece.start + stagger, piece.end - 1)
                notes.append(
                    Note(
                        startTick: onset, durationTicks: max(1, min(length, barEnd - onset, piece.end - onset)),
                        pitch: pitch, velocity: SectionContext.velocity(strike + random.int(in: -4...4) - order)))
            }
        }
        return notes
    }

    private func pitches(_ symbol: Character, lane: Lane, chord: Chord, at tick: Int, voicer: inout Voicer) -> [Int] {
        switch lane {
        case .drum(let sound):
            return [sound.rawValue]
        case .bass:
            return bassPitch(symbol, chord: chord, at: tick).map { [$0] } ?? []
        case .tones:
            guard let index = symbol.wholeNumberValue else { return [] }
            let ladder = voicer.ladder(for: chord, in: context.key, spread: instrument.spread)
            guard !ladder.isEmpty else { return [] }
            return [ladder[index % ladder.count] + 12 * (index / ladder.count)]
        case .chord:
            let voicing = voicer.ladder(for: chord, in: context.key, spread: instrument.spread)
            switch symbol {
            case "U": return Array(voicing.suffix(4).reversed())
            case "T": return Array(voicing.suffix(3))
            default: return voicing
            }
        }
    }

    /// A bass-line symbol's pitch on `chord`, in the instrument's register.
    private func bassPitch(_ symbol: Character, chord: Chord, at tick: Int) -> Int? {
        let key = context.key
        let register = instrument.register
        let root = chord.rootPitch(in: register, key: key)
        func above(_ degree: Int) -> Int {
            Key.pitch(ofClass: chord.pitch(ofDegree: degree, in: key), in: root...(root + 11), closestTo: root)
        }
        switch symbol {
        case "R", "r": return root
        case "8": return root + 12
        case "5":
            let fifth = above(chord.root + 4)
            return fifth > register.upperBound ? fifth - 12 : fifth
        case "3": return above(chord.root + 2)
        case "7": return chord.steps.contains(6) ? above(chord.root + 6) : root + 12
        case "A":
            // A step to the next chord's root, spelled as the sounding chord spells it: under the
            // dominant of a minor key the step below the tonic is the chord's own leading tone
            // (G# under E major, not G against the guitars' G#).
            let next = context.chord(atTick: context.nextChordTick(after: tick))
            let target = next.rootPitch(in: register, key: key)
            let below = Key.pitch(
                ofClass: chord.pitch(ofDegree: next.root - 1, in: key),
                in: (register.lowerBound - 2)...(register.upperBound + 2), closestTo: target - 1)
            let over = Key.pitch(
                ofClass: chord.pitch(ofDegree: next.root + 1, in: key),
                in: (register.lowerBound - 2)...(register.upperBound + 2), closestTo: target + 1)
            return abs(below - root) <= abs(over - root) ? below : over
        default: return nil
        }
    }

    /// Loudness by symbol: accents, ghost notes, soft chords, up-strums lighter than down-strums.
    static func accent(of symbol: Character, lane: Lane) -> Int {
        switch symbol {
        case "X": 10
        case "o", "r": -20
        case "c": -10
        case "U": -8
        case "D": 4
        default: 0
        }
    }

    /// Ticks between the strings of a strum: down-strums spread a little, up-strums less.
    static func strumStagger(_ symbol: Character) -> Int {
        switch symbol {
        case "D": 14
        case "U": 10
        default: 0
        }
    }
}
