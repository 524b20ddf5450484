/// Writes what happens at a section's edges: a crash where a livelier section begins, a crash
/// and a kick on each montage cut of a lively section (but one to a clearly calmer shot), the
/// build in the bar before a more intense section (a snare roll and a riser, a timpani roll under
/// a swelling cymbal, a drum drop-out with a tom fill, a harder strum), and the final chord held
/// by every part to the end of the piece.
struct TransitionWriter {
    let context: SectionContext
    let style: Style

    /// Close-voiced parts whose register lies wholly below this pitch (C3) play in the bass.
    static let bassRegisterTop = 48

    /// How much calmer (in arousal) the shot after a montage cut must be for the cut to pass
    /// without a crash.
    static let calmerShot = 0.25

    /// The least time between two crashes: two bars. In a fast montage a crash on every cut
    /// stops meaning anything (the cuts in between get the kick alone), and two crashes a second
    /// apart, a cut's and a phrase's, sound like one flammed. At four beats a driven clip's
    /// electronic score crashed 24 times a minute (`spacedCrashes`).
    static let crashSpacing = 8 * Composer.ticksPerQuarter

    /// - Parameter endingAt: where the final chord starts, in the final section.
    func write(
        into written: inout [PartName: [Note]], voicers: inout [PartName: Voicer], endingAt: Int,
        random: inout SeededRandom
    ) {
        let base = context.baseVelocity
        let hasKit = style.kit != nil
        let livelier = (context.previousLevel ?? 0) < context.level || context.level >= 3
        if hasKit, context.level >= 2, context.index > 0, livelier {
            written[.drums, default: []].append(hit(.crash, at: context.startTick, velocity: base, length: 480))
        }
        if hasKit {
            // A montage cut is struck where the music is lively enough for a crash (the level
            // where a section's start gets one), unless it cuts to a clearly calmer shot: a crash
            // there would shout where the picture falls quiet.
            let arousal = context.stretchArousal
            let struck = context.hitTicks.indices.filter { index in
                context.level >= 2 && (index + 1 >= arousal.count || arousal[index + 1] >= arousal[index] - Self.calmerShot)
            }
            for tick in struck.map({ context.hitTicks[$0] }) where tick < context.finalChordTick {
                written[.drums, default: []].append(hit(.kick, at: tick, velocity: base + 6))
                written[.drums, default: []].append(hit(.crash, at: tick, velocity: base + 4, length: 480))
            }
        }
        if context.buildsIntoNext, let bar = context.bars.last, bar.ticks >= 960,
            bar.startTick < context.finalChordTick
        {
            build(in: bar, into: &written, random: &random)
        }
        if context.isFinal {
            ending(at: endingAt, into: &written, voicers: &voicers)
        }
    }

    /// A kit's notes with its crashes `crashSpacing` apart: each crash is kept where it is that
    /// far from the one kept before it and from the final chord's, which is always kept; the
    /// others go. A cymbal roll (crashes a sixteenth or less apart, a swell into a downbeat, and
    /// the crash it lands on) is kept whole and spaces nothing.
    static func spacedCrashes(_ notes: [Note]) -> [Note] {
        let crash = DrumSound.crash.rawValue
        let crashes = Set(notes.filter { $0.pitch == crash }.map(\.startTick)).sorted()
        guard let final = crashes.last else { return notes }
        let rolled = Set(
            crashes.indices.filter { index in
                (index > 0 && crashes[index] - crashes[index - 1] <= PartWriter.ticksPerStep)
                    || (index + 1 < crashes.count && crashes[index + 1] - crashes[index] <= PartWriter.ticksPerStep)
            }.map { crashes[$0] })
        var kept: Set<Int> = [final]
        var last: Int?
        for tick in crashes where !rolled.contains(tick) && tick != final {
            if last.map({ tick - $0 >= crashSpacing }) ?? true, final - tick >= crashSpacing {
                kept.insert(tick)
                last = tick
            }
        }
        return notes.filter { $0.pitch != crash || rolled.contains($0.startTick) || kept.contains($0.startTick) }
    }

    private func hit(_ sound: DrumSound, at tick: Int, velocity: Int, length: Int = 120) -> Note {
        Note(
            startTick: tick, durationTicks: max(1, min(length, context.endTick - tick)), pitch: sound.rawValue,
            velocity: SectionContext.velocity(velocity))
    }

    /// The build in `bar`, the section's last: its second half (or all of it for a snare roll)
    /// gets denser and louder towards the next section's downbeat.
    private func build(in bar: Bar, into written: inout [PartName: [Note]], random: inout SeededRandom) {
        let steps = bar.ticks / PartWriter.ticksPerStep
        let half = steps / 2
        let base = context.baseVelocity
        func rising(_ step: Int, from first: Int) -> Int {
            base - 24 + 34 * (step - first) / max(1, steps - first)
        }
        switch style.build {
        case .snareRoll:
            // After its downbeat the kit gives way to the roll: eighths, then sixteenths.
            written[.drums] = (written[.drums] ?? []).filter { $0.startTick <= bar.startTick || $0.startTick >= bar.endTick }
            for step in 0..<steps where step >= half || step % 2 == 0 {
                written[.drums, default: []].append(
                    hit(.snare, at: bar.startTick + step * PartWriter.ticksPerStep, velocity: rising(step, from: 0)))
            }
            if style.instrument(for: .fx) != nil {
                written[.fx, default: []].append(
                    Note(startTick: bar.startTick, durationTicks: bar.ticks, pitch: 72, velocity: SectionContext.velocity(base)))
            }
        case .orchestral:
            if let timpani = style.instrument(for: .perc) {
                let pitch = context.chord(atTick: bar.startTick).rootPitch(in: timpani.register, key: context.key)
                for step in half..<steps {
                    written[.perc, default: []].append(
                        Note(
                            startTick: bar.startTick + step * PartWriter.ticksPerStep, durationTicks: 110, pitch: pitch,
                            velocity: SectionContext.velocity(rising(step, from: half))))
                }
            }
            // The cymbal swells in thirty-seconds: struck every sixteenth (0.2 s at 75 bpm) the
            // crash was heard as ticking, not as one rising wash.
            let thirtySecond = PartWriter.ticksPerStep / 2
            for stroke in 2 * half..<2 * steps {
                let tick = bar.startTick + stroke * thirtySecond
                let velocity = rising(stroke / 2, from: half) - 16
                written[.drums, default: []].append(hit(.crash, at: tick, velocity: velocity))
            }
        case .dropOut:
            let cut = bar.startTick + half * PartWriter.ticksPerStep
            written[.drums] = (written[.drums] ?? []).filter { $0.startTick < cut || $0.startTick >= bar.endTick }
            for (offset, sound) in [(steps - 3, DrumSound.midTom), (steps - 2, .lowTom), (steps - 1, .lowTom)] {
                written[.drums, default: []].append(
                    hit(sound, at: bar.startTick + offset * PartWriter.ticksPerStep, velocity: base - 6 + random.int(in: -3...3)))
            }
        case .strum:
            for step in half..<steps {
                written[.drums, default: []].append(
                    hit(.tambourine, at: bar.startTick + step * PartWriter.ticksPerStep, velocity: rising(step, from: half) - 8))
            }
        case .swell:
            break
        }
    }

    /// Every pitched part that played in the section holds the final chord from `start` (half
    /// way through the last bar) to the end; the kit plays a crash and a kick on the last downbeat.
    private func ending(at start: Int, into written: inout [PartName: [Note]], voicers: inout [PartName: Voicer]) {
        let length = context.endTick - start
        guard length > 0 else { return }
        let chord = context.chord(atTick: start)
        let velocity = context.baseVelocity - 8
        for instrument in style.instruments
        where instrument.part != .melody && instrument.part != .fx && !(written[instrument.part] ?? []).isEmpty {
            var voicer = voicers[instrument.part] ?? Voicer(for: instrument)
            let pitches: [Int]
            if instrument.part == .bass || instrument.part == .perc {
                pitches = [chord.rootPitch(in: instrument.register, key: context.key)]
            } else if !instrument.spread && instrument.register.upperBound < Self.bassRegisterTop {
                // A part down among the basses (cinematic's low piano) ends on the root and its
                // fifth, never on an inversion under the basses.
                let root = chord.rootPitch(in: instrument.register, key: context.key)
                pitches = [root, root + 7]
            } else {
                pitches = voicer.ladder(for: chord, in: context.key, spread: instrument.spread)
            }
            voicers[instrument.part] = voicer
            let stagger = instrument.spread ? 20 : 0
            written[instrument.part, default: []] += pitches.enumerated().map { order, pitch in
                Note(
                    startTick: start + order * stagger, durationTicks: length - order * stagger, pitch: pitch,
                    velocity: SectionContext.velocity(velocity + instrument.velocity))
            }
        }
        if style.kit != nil {
            written[.drums, default: []] += [
                hit(.crash, at: context.finalChordTick, velocity: context.baseVelocity + 4, length: length),
                hit(.kick, at: context.finalChordTick, velocity: context.baseVelocity + 4),
            ]
        }
    }
}
