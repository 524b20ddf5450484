import Analysis

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
    private(set) var lastPitch: Int?

    /// Range and centre of the melody, as scale degrees of the section's key.
    private let lowest: Int
    private let highest: Int
    private let centre: Int
    /// The degree of the last note written, and the last two degrees (to avoid a third repeat).
    private var current: Int
    private var recent: [Int] = []

    init(context: SectionContext, lastPitch: Int?) {
        self.context = context
        self.lastPitch = lastPitch
        let key = context.key
        let centrePitch = Self.centrePitch(for: context.mood)
        lowest = key.nearestDegree(to: centrePitch - 5)
        highest = key.nearestDegree(to: centrePitch + 9)
        centre = key.nearestDegree(to: centrePitch)
        current = (lastPitch.map(key.nearestDegree) ?? centre).clamped(to: lowest...highest)
    }

    /// The middle of the melody's range: MIDI 67 + 5 valence + 2 arousal.
    static func centrePitch(for mood: Mood) -> Int {
        Int((67 + 5 * mood.valence + 2 * mood.arousal).rounded())
    }

    mutating func notes(random: inout SeededRandom) -> [Note] {
        let (first, second) = motifs(random: &random)
        let variations = [first.varied(random: &random), second.varied(random: &random)]
        var notes: [Note] = []
        for bar in context.bars.indices {
            let barStart = context.barStart(bar)
            if barStart >= context.finalChordTick {
                current = nearestTonic(to: current)
                notes.append(
                    Note(
                        startTick: barStart, durationTicks: context.endTick - barStart,
                        pitch: context.chord(atTick: barStart).pitch(ofDegree: current, in: context.key),
                        velocity: SectionContext.velocity(context.baseVelocity)))
                break
            }
            let phrase = bar / 4
            let useSecond = phrase % 4 == 2
            let base = useSecond ? second : first
            let motif: Motif
            switch bar % 4 {
            case 3: motif = base.cadential
            case 2: motif = phrase % 2 == 1 ? base.inverted : variations[useSecond ? 1 : 0]
            default: motif = bar == context.bars.count - 1 ? base.cadential : base
            }
            notes += play(motif, in: context.bars[bar], random: &random)
        }
        lastPitch = context.chord(atTick: context.endTick - 1).pitch(ofDegree: current, in: context.key)
        return notes
    }

    /// One bar of `motif`, its first note anchored near the last note written. In an irregular
    /// bar the motif is cut off at the bar's end, or its last note held to it.
    private mutating func play(_ motif: Motif, in bar: Bar, random: inout SeededRandom) -> [Note] {
        let unit = context.ticksPerBar / motif.grid
        let barStart = bar.startTick
        let onsets = motif.onsets.filter { $0 * unit < bar.ticks }
        var notes: [Note] = []
        for (index, onset) in onsets.enumerated() {
            let tick = barStart + onset * unit
            let strong = onset % (motif.grid / 2) == 0 || context.chords.contains { $0.startTick == tick }
            current = nextDegree(step: index == 0 ? nil : motif.steps[index - 1], chordTone: strong, at: tick)

            let nextTick = index + 1 < onsets.count ? barStart + onsets[index + 1] * unit : bar.endTick
            let length = max(unit / 2, Int(Double(nextTick - tick) * context.articulation))
            let accent = onset == 0 ? 8 : onset % (motif.grid / 4) == 0 ? 3 : -3
            let velocity = context.baseVelocity + accent + random.int(in: -5...5)
            notes.append(
                Note(
                    startTick: tick, durationTicks: min(length, bar.endTick - tick),
                    pitch: context.chord(atTick: tick).pitch(ofDegree: current, in: context.key),
                    velocity: SectionContext.velocity(velocity)))
        }
        return notes
    }

    /// The degree after `current`: a motif step (turned back at the edges of the range), or for a
    /// bar's first note (`step` nil) a move a third of the way back towards the centre; snapped to
    /// the chord on strong beats, and never the same pitch three times running.
    private mutating func nextDegree(step: Int?, chordTone: Bool, at tick: Int) -> Int {
        var target: Int
        if let step {
            target = current + step
            if target > highest || target < lowest { target = current - step }
        } else {
            target = current + (centre - current) / 3
        }
        let chord = context.chord(atTick: tick)
        if chordTone { target = chord.nearestTone(to: target) }
        while target > highest { target -= 7 }
        while target < lowest { target += 7 }
        if recent.count == 2 && recent.allSatisfy({ $0 == target }) {
            // A third repeat: move to the next chord tone (or scale step) away from the range's edge.
            let direction = target + 2 > highest ? -1 : 1
            target = chordTone ? chord.nearestTone(to: target + 2 * direction) : target + direction
        }
        recent = Array((recent + [target]).suffix(2))
        return target
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
