extension TempoMap {
    /// How far a section boundary may land from its time, in microseconds: under one sample at
    /// 48 kHz.
    static let boundaryToleranceMicroseconds = 20

    /// A tempo map in which section `i` is exactly `bars[i]` bars of `beatsPerBar` quarters and
    /// runs from `boundaries[i]` to `boundaries[i + 1]` seconds.
    static func fitting(
        boundaries: [Double], bars: [Int], beatsPerBar: Int, ticksPerQuarter: Int
    ) -> TempoMap {
        fitting(
            boundaries: boundaries, ticks: bars.map { $0 * beatsPerBar * ticksPerQuarter },
            ticksPerQuarter: ticksPerQuarter)
    }

    /// A tempo map in which stretch `i` is exactly `ticks[i]` ticks long and runs from
    /// `boundaries[i]` to `boundaries[i + 1]` seconds, within `boundaryToleranceMicroseconds`.
    ///
    /// MIDI stores a tempo as whole microseconds per quarter note, so one tempo can rarely fill a
    /// stretch exactly. Time is counted in microseconds times ticks per quarter, in integers, so
    /// rounding never adds up; and a stretch whose tempo would miss its end by more than the
    /// tolerance gets a second tempo, one microsecond per quarter slower (about 0.0002 bpm,
    /// inaudible), for its last ticks, which makes it exact. The last stretch never ends after
    /// the last boundary, so the music never outlasts the video.
    ///
    /// `shapes[i]`, when given, makes the tempo vary inside stretch `i`: (ticks from the stretch's
    /// start, relative speed) pairs, for example a ramp towards the next section's tempo. The
    /// stretch starts at speed 1; all speeds are scaled together so that it still ends exactly on
    /// its boundary.
    static func fitting(
        boundaries: [Double], ticks: [Int], shapes: [[(tick: Int, speed: Double)]] = [], ticksPerQuarter: Int
    ) -> TempoMap {
        precondition(boundaries.count == ticks.count + 1, "one more boundary than stretches")
        var changes: [Change] = []
        var lastMicrosPerQuarter = -1
        func append(tick: Int, microsPerQuarter: Int) {
            guard microsPerQuarter != lastMicrosPerQuarter else { return }
            changes.append(Change(tick: tick, bpm: 60_000_000 / Double(microsPerQuarter)))
            lastMicrosPerQuarter = microsPerQuarter
        }

        let perQuarter = ticksPerQuarter
        var tick = 0
        var position = 0  // elapsed microseconds times ticks per quarter
        for (index, requested) in ticks.enumerated() {
            let length = max(1, requested)
            let isLast = index == ticks.count - 1
            let target = boundaries[index + 1] * 1_000_000
            let end = Int(isLast ? target.rounded(.down) : target.rounded()) * perQuarter
            var total = max(end - position, length)

            var parts = [(tick: 0, speed: 1.0)]
            if index < shapes.count {
                parts += shapes[index].filter { $0.tick > 0 && $0.tick < length && $0.speed > 0 }
            }
            if parts.count > 1 {
                // Ticks weighted by 1/speed: the stretch at speed 1 would take total / weightedTicks per quarter.
                let weightedTicks = parts.indices.reduce(0.0) { sum, k in
                    let partEnd = k + 1 < parts.count ? parts[k + 1].tick : length
                    return sum + Double(partEnd - parts[k].tick) / parts[k].speed
                }
                let base = Double(total) / weightedTicks
                for k in parts.indices.dropLast() {
                    let micros = Int((base / parts[k].speed).rounded())
                    let spent = micros * (parts[k + 1].tick - parts[k].tick)
                    guard micros > 0, spent < total else {
                        parts.removeSubrange((k + 1)...)
                        break
                    }
                    append(tick: tick + parts[k].tick, microsPerQuarter: micros)
                    total -= spent
                    position += spent
                }
            }
            let lastStart = parts[parts.count - 1].tick
            let remaining = length - lastStart
            let nearest = isLast ? total / remaining : Int((Double(total) / Double(remaining)).rounded())
            if abs(nearest * remaining - total) <= boundaryToleranceMicroseconds * perQuarter {
                append(tick: tick + lastStart, microsPerQuarter: max(1, nearest))
                position += max(1, nearest) * remaining
            } else {
                // The slower part is whole beats (or eighths, or ticks, as the length allows); the
                // sub-microsecond remainder is within the tolerance.
                let grid = [perQuarter, perQuarter / 2, 1].first { $0 > 0 && remaining % $0 == 0 } ?? 1
                let base = max(1, total / remaining)
                let units = Double(total - base * remaining) / Double(grid)
                let slowerTicks = Int(units.rounded(isLast ? .down : .toNearestOrAwayFromZero)) * grid
                if slowerTicks < remaining {
                    append(tick: tick + lastStart, microsPerQuarter: base)
                }
                if slowerTicks > 0 {
                    append(tick: tick + length - slowerTicks, microsPerQuarter: base + 1)
                }
                position += base * remaining + slowerTicks
            }
            tick += length
        }
        return TempoMap(ticksPerQuarter: ticksPerQuarter, changes: changes)
    }
}
