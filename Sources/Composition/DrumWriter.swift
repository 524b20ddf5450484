import Analysis

/// Writes the drum kit (General MIDI channel 10).
///
/// No drums when arousal is below -0.3 (or in a style without drums). Up to 0.3, and in light
/// styles up to 0.6, a sparse kit: hi-hat in quarters or eighths, kick on one (and three), side
/// stick on two and four. Above that, a full kit: kick and snare backbeat, eighth or sixteenth
/// hi-hats, kicks pushed off the beat more as arousal rises and valence falls, and a snare fill
/// into the next section (and into a montage cut, when the bar before it is long enough). A crash
/// marks each section start and, with a kick, each montage cut, which always starts a bar; the
/// piece ends on a single crash.
enum DrumWriter {
    enum Sound: Int {
        case kick = 36
        case sideStick = 37
        case snare = 38
        case closedHat = 42
        case openHat = 46
        case crash = 49
    }

    static func notes(for context: SectionContext, random: inout SeededRandom) -> [Note] {
        let arousal = context.mood.arousal
        let level = context.style.drumLevel
        guard level > 0, arousal >= -0.3 else { return [] }
        let full = arousal > 0.6 || (arousal > 0.3 && level >= 0.75)
        let pattern = full ? fullBar(context.mood) : sparseBar(arousal)
        let sixteenth = context.ticksPerQuarter / 4
        let base = context.baseVelocity - 4 - Int((1 - level) * 12)

        var hits: [(tick: Int, sound: Sound, accent: Int)] = []
        for (index, bar) in context.bars.enumerated() {
            let barStart = bar.startTick
            if barStart >= context.finalChordTick {
                hits += [(barStart, .crash, 6), (barStart, .kick, 6)]
                break
            }
            let sixteenths = bar.ticks / sixteenth
            // A fill before the next section, or before a montage cut when the bar is long enough.
            let fill =
                full && !context.isFinal && sixteenths >= 8
                && (index == context.bars.count - 1 || context.hitTicks.contains(bar.endTick))
            let fillStart = sixteenths - 4
            for (position, sound, accent) in pattern where position < sixteenths && !(fill && position >= fillStart) {
                hits.append((barStart + position * sixteenth, sound, accent))
            }
            if fill {
                hits += (fillStart..<sixteenths).map {
                    (barStart + $0 * sixteenth, .snare, ($0 - fillStart) * 4 - 4)
                }
            }
            if index == 0 { hits.append((barStart, .crash, 4)) }
        }
        // Every montage cut starts a bar: a crash and a kick on it.
        for hit in context.hitTicks where hit < context.finalChordTick {
            hits += [(hit, .crash, 8), (hit, .kick, 6)]
        }

        let quarter = context.ticksPerQuarter
        var seen = Set<Int>()
        var notes: [Note] = []
        for hit in hits.sorted(by: { ($0.tick, $0.sound.rawValue) < ($1.tick, $1.sound.rawValue) }) {
            guard seen.insert(hit.tick * 128 + hit.sound.rawValue).inserted else { continue }
            let length = hit.sound == .crash ? quarter : sixteenth
            let velocity = base + hit.accent + balance(hit.sound) + random.int(in: -5...5)
            notes.append(
                Note(
                    startTick: hit.tick, durationTicks: min(length, context.endTick - hit.tick),
                    pitch: hit.sound.rawValue, velocity: SectionContext.velocity(velocity)))
        }
        return notes
    }

    /// One bar in sixteenths: (position, sound, accent).
    private static func sparseBar(_ arousal: Double) -> [(Int, Sound, Int)] {
        let hatPositions = arousal < 0 ? [0, 4, 8, 12] : Array(stride(from: 0, to: 16, by: 2))
        var bar = hatPositions.map { ($0, Sound.closedHat, $0 % 4 == 0 ? 0 : -6) }
        bar.append((0, .kick, 0))
        if arousal >= 0 { bar.append((8, .kick, -4)) }
        if arousal >= 0.1 { bar += [(4, .sideStick, 0), (12, .sideStick, 0)] }
        return bar
    }

    private static func fullBar(_ mood: Mood) -> [(Int, Sound, Int)] {
        let arousal = mood.arousal
        let syncopation = arousal * (1 - mood.valence) / 2
        let hatStep = arousal > 0.7 ? 1 : 2
        var bar: [(Int, Sound, Int)] = stride(from: 0, to: 16, by: hatStep).map { position in
            let sound: Sound = position == 14 && arousal > 0.5 ? .openHat : .closedHat
            return (position, sound, position % 4 == 0 ? 0 : position % 2 == 0 ? -6 : -10)
        }
        bar += [(0, .kick, 0), (8, .kick, -2), (4, .snare, 0), (12, .snare, 0)]
        if syncopation > 0.15 { bar.append((6, .kick, -6)) }
        if syncopation > 0.3 { bar.append((10, .kick, -6)) }
        if syncopation > 0.45 { bar.append((3, .kick, -8)) }
        return bar
    }

    /// Loudness of each instrument of the kit relative to the groove's base velocity.
    private static func balance(_ sound: Sound) -> Int {
        switch sound {
        case .kick: 8
        case .snare: 4
        case .sideStick: -8
        case .closedHat, .openHat: -18
        case .crash: 0
        }
    }
}
