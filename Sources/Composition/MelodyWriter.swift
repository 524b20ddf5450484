/// Writes the melody of one section from two motifs.
///
/// Phrases are four bars: the motif, the motif again on the next chord, a variation (inverted or
/// with one step changed), and a cadential bar that ends on a long note. Phrases follow the
/// pattern A A B A, where B is a second motif. Notes on beats 1 and 3 and at every chord change
/// are chord tones; the others are scale steps from the note before. The register centres on MIDI
/// 67 + 5 valence + 2 arousal, the density is 2^(1 + 1.5 arousal) notes per second (scaled by the
/// style), and the final section ends on the tonic, held to the last tick.
struct MelodyWriter {
    let context: SectionContext
    /// The pitch the melody ended on in the previous section, so that sections join smoothly.
    var lastPitch: Int?

    private var centre: Int { Int((67 + 5 * context.mood.valence + 2 * context.mood.arousal).rounded()) }

    mutating func notes(random: inout SeededRandom) -> [Note] {
        let key = context.key
        let lowest = key.nearestDegree(to: centre - 7)
        let highest = key.nearestDegree(to: centre + 9)
        let centreDegree = key.nearestDegree(to: centre)
        var current = (lastPitch.map(key.nearestDegree) ?? centreDegree).clamped(to: lowest...highest)

        let (first, second) = motifs(random: &random)
        let variations = [first.varied(random: &random), second.varied(random: &random)]
        var notes: [Note] = []
        var recent: [Int] = []

        for bar in 0..<context.bars {
            let barStart = context.barStart(bar)
            if barStart >= context.finalChordTick {
                let tonic = nearestTonic(to: current)
                notes.append(
                    Note(
                        startTick: barStart, durationTicks: context.endTick - barStart,
                        pitch: key.pitch(ofDegree: tonic), velocity: SectionContext.velocity(context.baseVelocity)))
                current = tonic
                break
            }
            let phrase = bar / 4
            let useSecond = phrase % 4 == 2
            let base = useSecond ? second : first
            let motif: Motif
            switch bar % 4 {
            case 3: motif = base.cadential
            case 2: motif = phrase % 2 == 1 ? base.inverted : variations[useSecond ? 1 : 0]
            default: motif = bar == context.bars - 1 ? base.cadential : base
            }

            let unit = context.ticksPerBar / motif.grid
            for (index, onset) in motif.onsets.enumerated() {
                let tick = barStart + onset * unit
                let chord = context.chord(atTick: tick)
                let chordChanges = context.chords.contains { $0.startTick == tick }
                var target: Int
                if index == 0 {
                    // Each bar starts near the last note, drifting back towards the centre.
                    target = current + (centreDegree - current) / 3
                } else {
                    let step = motif.steps[index - 1]
                    target = current + step
                    if target > highest || target < lowest { target = current - step }
                }
                if recent.count >= 2 && recent.suffix(2).allSatisfy({ $0 == target }) { target += 1 }
                if onset % (motif.grid / 2) == 0 || chordChanges { target = chord.nearestTone(to: target) }
                while target > highest { target -= 7 }
                while target < lowest { target += 7 }

                let nextTick = index + 1 < motif.onsets.count ? barStart + motif.onsets[index + 1] * unit : barStart + context.ticksPerBar
                let length = max(unit / 2, Int(Double(nextTick - tick) * context.articulation))
                let accent = onset == 0 ? 8 : onset % (motif.grid / 4) == 0 ? 3 : -3
                let velocity = context.baseVelocity + accent + random.int(in: -5...5)
                notes.append(
                    Note(
                        startTick: tick, durationTicks: length, pitch: key.pitch(ofDegree: target),
                        velocity: SectionContext.velocity(velocity)))
                current = target
                recent = Array((recent + [target]).suffix(2))
            }
        }
        lastPitch = key.pitch(ofDegree: current)
        return notes
    }

    /// The section's two motifs; their density follows arousal and tempo.
    private func motifs(random: inout SeededRandom) -> (Motif, Motif) {
        let arousal = context.mood.arousal
        let perSecond = Self.powerOfTwo(1 + 1.5 * arousal) * context.style.melodyDensity
        let perBar = Int((perSecond * context.secondsPerBar).rounded()).clamped(to: 1...12)
        let grid = perBar > 7 ? 16 : 8
        let syncopation = max(0, arousal) * (1 - context.mood.valence) / 2
        let first = Motif.random(notes: perBar, grid: grid, syncopation: syncopation, random: &random)
        let secondCount = (perBar + random.int(in: -1...1)).clamped(to: 1...12)
        let second = Motif.random(notes: secondCount, grid: grid, syncopation: syncopation, random: &random)
        return (first, second)
    }

    private func nearestTonic(to degree: Int) -> Int {
        let below = degree - ((degree % 7) + 7) % 7
        return degree - below <= 3 ? below : below + 7
    }

    /// 2^x without a math library: the integer part goes in the exponent, the fraction through a
    /// short series for e^(x ln 2).
    static func powerOfTwo(_ x: Double) -> Double {
        let whole = x.rounded(.down)
        let y = (x - whole) * 0.693_147_180_559_945_3
        var term = 1.0
        var sum = 1.0
        for k in 1...14 {
            term *= y / Double(k)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(whole), significand: sum)
    }
}
