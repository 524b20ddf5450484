extension TempoMap {
    /// How far a section boundary may land from its time, in microseconds: under one sample at
    /// 48 kHz.
    static let boundaryToleranceMicroseconds = 20

    /// A tempo map in which section `i` is exactly `bars[i]` bars long and runs from
    /// `boundaries[i]` to `boundaries[i + 1]` seconds, within `boundaryToleranceMicroseconds`.
    ///
    /// MIDI stores a tempo as whole microseconds per quarter note, so one tempo can rarely fill a
    /// section exactly. Each section's tempo is computed from where the previous one really ended,
    /// so rounding never adds up; and a long section whose single tempo would miss its end by more
    /// than the tolerance gets a second tempo, one microsecond per quarter slower (about 0.0002
    /// bpm, inaudible), for its last few quarters, which makes it exact. The last section never
    /// ends after the last boundary, so the music never outlasts the video.
    static func fitting(
        boundaries: [Double], bars: [Int], beatsPerBar: Int, ticksPerQuarter: Int
    ) -> TempoMap {
        precondition(boundaries.count == bars.count + 1, "one more boundary than sections")
        var changes: [Change] = []
        var lastMicrosPerQuarter = -1
        func append(tick: Int, microsPerQuarter: Int) {
            guard microsPerQuarter != lastMicrosPerQuarter else { return }
            changes.append(Change(tick: tick, bpm: 60_000_000 / Double(microsPerQuarter)))
            lastMicrosPerQuarter = microsPerQuarter
        }

        var tick = 0
        var micros = 0
        for (index, barCount) in bars.enumerated() {
            let isLast = index == bars.count - 1
            let target = boundaries[index + 1] * 1_000_000
            let end = Int(isLast ? target.rounded(.down) : target.rounded())
            let quarters = barCount * beatsPerBar
            let total = max(end - micros, quarters)
            let nearest = isLast ? total / quarters : Int((Double(total) / Double(quarters)).rounded())
            if abs(nearest * quarters - total) <= boundaryToleranceMicroseconds {
                append(tick: tick, microsPerQuarter: nearest)
                micros += nearest * quarters
            } else {
                let base = total / quarters
                let slowerQuarters = total - base * quarters
                append(tick: tick, microsPerQuarter: base)
                append(tick: tick + (quarters - slowerQuarters) * ticksPerQuarter, microsPerQuarter: base + 1)
                micros += total
            }
            tick += quarters * ticksPerQuarter
        }
        return TempoMap(ticksPerQuarter: ticksPerQuarter, changes: changes)
    }
}
