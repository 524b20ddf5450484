extension TempoMap {
    /// A tempo map in which section `i` is exactly `bars[i]` bars long and runs from
    /// `boundaries[i]` to `boundaries[i + 1]` seconds, to the microsecond.
    ///
    /// MIDI stores a tempo as whole microseconds per quarter note, so one tempo can rarely fill a
    /// section exactly. A section whose length does not divide evenly gets a second tempo one
    /// microsecond per quarter slower for its last few quarters (inaudible: about 0.0002 bpm), so
    /// every section boundary is exact and rounding never adds up over a long video. The final
    /// boundary is rounded down, so the music never outlasts the video.
    static func fitting(
        boundaries: [Double], bars: [Int], beatsPerBar: Int, ticksPerQuarter: Int
    ) -> TempoMap {
        precondition(boundaries.count == bars.count + 1, "one more boundary than sections")
        var micros = boundaries.map { Int(($0 * 1_000_000).rounded()) }
        micros[0] = 0
        micros[micros.count - 1] = Int((boundaries[boundaries.count - 1] * 1_000_000).rounded(.down))

        var changes: [Change] = []
        var tick = 0
        var lastMicrosPerQuarter = -1
        func append(tick: Int, microsPerQuarter: Int) {
            guard microsPerQuarter != lastMicrosPerQuarter else { return }
            changes.append(Change(tick: tick, bpm: 60_000_000 / Double(microsPerQuarter)))
            lastMicrosPerQuarter = microsPerQuarter
        }

        for (index, barCount) in bars.enumerated() {
            let quarters = barCount * beatsPerBar
            let total = max(micros[index + 1] - micros[index], quarters)
            let base = total / quarters
            let slowerQuarters = total - base * quarters
            append(tick: tick, microsPerQuarter: base)
            if slowerQuarters > 0 {
                append(tick: tick + (quarters - slowerQuarters) * ticksPerQuarter, microsPerQuarter: base + 1)
            }
            tick += quarters * ticksPerQuarter
        }
        return TempoMap(ticksPerQuarter: ticksPerQuarter, changes: changes)
    }
}
