import Composition

/// The beats a song is written on: the beats heard, carried back to the start of the sound
/// (the first beat is at 0 s: a gap of less than half a beat joins the first beat, a longer one
/// is a beat of its own) and on to whole bars past its end; bars start on the downbeats, with
/// the beats before the first downbeat as a pickup bar. A beat is a quarter note.
struct BeatGrid {
    var times: [Double]
    var bars: [Bar]
    var meters: [MeterChange]
    /// The index in `times` of each bar's first beat.
    var barFirstBeats: [Int]

    init(beats heard: [Double], firstDownbeat: Int, beatsPerBar: Int, duration: Double) {
        var beats = heard
        let firstPeriod = beats[1] - beats[0]
        var pickup = firstDownbeat
        while beats[0] - firstPeriod > 0.5 * firstPeriod {
            beats.insert(beats[0] - firstPeriod, at: 0)
            pickup += 1
        }
        if beats[0] >= 0.5 * firstPeriod {
            beats.insert(0, at: 0)
            pickup += 1
        } else {
            beats[0] = 0
        }
        pickup %= beatsPerBar
        let lastPeriod = beats[beats.count - 1] - beats[beats.count - 2]
        // Beats on to the end of the sound, then to the end of that bar; one more time closes the last beat.
        while beats[beats.count - 1] + lastPeriod < duration - 0.25 * lastPeriod
            || (beats.count - pickup) % beatsPerBar != 0
        {
            beats.append(beats[beats.count - 1] + lastPeriod)
        }
        beats.append(beats[beats.count - 1] + lastPeriod)
        times = beats
        let quarter = Song.ticksPerQuarter
        bars = []
        barFirstBeats = []
        meters = []
        var beat = 0
        if pickup > 0 {
            bars.append(Bar(startTick: 0, eighths: 2 * pickup, ticksPerEighth: quarter / 2))
            barFirstBeats.append(0)
            meters.append(MeterChange(tick: 0, numerator: pickup, denominator: 4))
            beat = pickup
        }
        meters.append(MeterChange(tick: beat * quarter, numerator: beatsPerBar, denominator: 4))
        while beat + beatsPerBar <= beats.count - 1 {
            bars.append(Bar(startTick: beat * quarter, eighths: 2 * beatsPerBar, ticksPerEighth: quarter / 2))
            barFirstBeats.append(beat)
            beat += beatsPerBar
        }
    }

    /// A tempo change on every beat, so that each beat sounds where it was heard.
    var tempoMap: TempoMap {
        let quarter = Song.ticksPerQuarter
        let changes = (0..<(times.count - 1)).map { index in
            TempoMap.Change(tick: index * quarter, bpm: 60 / max(0.05, times[index + 1] - times[index]))
        }
        return TempoMap(ticksPerQuarter: quarter, changes: changes)
    }
}
