import Testing

@testable import Composition

@Suite("Tempo map")
struct TempoMapTests {
    @Test("ticks survive a trip through seconds and back", arguments: [96, 480, 960])
    func roundTrip(ticksPerQuarter: Int) {
        let map = TempoMap(
            ticksPerQuarter: ticksPerQuarter,
            changes: [
                .init(tick: 0, bpm: 92.5), .init(tick: 8 * ticksPerQuarter, bpm: 140),
                .init(tick: 13 * ticksPerQuarter + 7, bpm: 61.3), .init(tick: 40 * ticksPerQuarter, bpm: 120),
            ])
        for tick in stride(from: 0, through: 60 * ticksPerQuarter, by: 7) {
            #expect(map.tick(atSeconds: map.seconds(atTick: tick)) == tick)
        }
    }

    @Test("seconds follow the tempo stored as whole microseconds per quarter")
    func secondsUseMIDITempo() {
        let map = TempoMap(ticksPerQuarter: 480, changes: [.init(tick: 0, bpm: 120), .init(tick: 1920, bpm: 90)])
        #expect(abs(map.seconds(atTick: 1920) - 2.0) < 1e-12)
        #expect(abs(map.seconds(atTick: 1920 + 480) - (2.0 + 0.666_667)) < 1e-12)
        #expect(map.bpm(atTick: 1919) == 120)
        #expect(map.bpm(atTick: 1920) == 90)
    }

    @Test("a fitted map puts every section boundary on its time, within a sample at 48 kHz")
    func fittingIsExact() {
        let boundaries = [0, 4.4, 9.3, 25.6, 38.2, 52.9, 60.4, 75, 91.37, 611.123_456_7]
        let bars = [2, 4, 7, 6, 6, 3, 6, 6, 1_000]
        let map = TempoMap.fitting(boundaries: boundaries, bars: bars, beatsPerBar: 4, ticksPerQuarter: 480)
        let tolerance = Double(TempoMap.boundaryToleranceMicroseconds) / 1e6 + 1e-9
        var tick = 0
        for (index, count) in bars.enumerated() {
            #expect(abs(map.seconds(atTick: tick) - boundaries[index]) <= tolerance)
            tick += count * 4 * 480
        }
        let end = map.seconds(atTick: tick)
        #expect(end <= boundaries.last! + 1e-9)
        #expect(boundaries.last! - end <= tolerance)
        for change in map.changes {
            let micros = 60_000_000 / change.bpm
            #expect(abs(micros - micros.rounded()) < 1e-6, "tempo \(change.bpm) is not whole microseconds")
            #expect(change.tick % 480 == 0, "tempo changes sit on beats")
        }
        // Short sections need one tempo each; only the 4000-quarter one may need a second.
        #expect(map.changes.count <= bars.count + 1)
    }

    @Test("a fitted section keeps one tempo within a microsecond per quarter")
    func fittingKeepsOneAudibleTempo() {
        for seconds in [10.0001, 10.000_017, 600.000_123] {
            let map = TempoMap.fitting(boundaries: [0, seconds], bars: [250], beatsPerBar: 4, ticksPerQuarter: 480)
            let tempos = map.changes.map { TempoMap.microsecondsPerQuarter(bpm: $0.bpm) }
            #expect(tempos.count <= 2)
            #expect((tempos.max() ?? 0) - (tempos.min() ?? 0) <= 1)
            let end = map.seconds(atTick: 250 * 4 * 480)
            #expect(end <= seconds + 1e-9 && seconds - end <= 20e-6)
        }
    }
}
