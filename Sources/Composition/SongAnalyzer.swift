/// Finds what a song is made of from its notes: bars, key, chords, melody, sections.
/// Pure and deterministic; linear in the number of notes (bars are visited once each).
public enum SongAnalyzer {
    /// Analyses `song`; `melodyPart` (an index into `song.parts`) names the melody's part
    /// instead of letting the analyzer choose.
    public static func analyse(_ song: Song, melodyPart chosen: Int? = nil) -> SongAnalysis {
        let bars = self.bars(of: song)
        let pitched = song.parts.indices.filter { !song.parts[$0].isDrums && !song.parts[$0].notes.isEmpty }
        let melodyPart = chosen ?? MelodyFinder.melodyPart(of: song, among: pitched)
        let melody = melodyPart.map { MelodyFinder.line(of: song.parts[$0].notes) } ?? []
        let harmony = PitchWeights(song: song, parts: pitched, melodyPart: melodyPart)
        let key = KeyFinder.key(weights: harmony.total(bars: bars), signatures: song.keySignatures, bass: harmony.finalBass)
        let chords = ChordFinder.chords(in: bars, weights: harmony, key: key)
        var drumHits = [Int](repeating: 0, count: bars.count)
        for part in song.parts where part.isDrums {
            for note in part.notes {
                drumHits[barIndex(containing: note.startTick, in: bars)] += 1
            }
        }
        let sections = SectionFinder.sections(
            bars: bars, chords: chords, melody: melody, song: song, drumHits: drumHits)
        return SongAnalysis(
            song: song, bars: bars, key: key, chords: chords, melodyPart: melodyPart, melody: melody,
            sections: sections, drumHits: drumHits)
    }

    /// The bar that holds `tick` (the last bar for ticks past the end).
    public static func barIndex(containing tick: Int, in bars: [Bar]) -> Int {
        var low = 0
        var high = bars.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if bars[middle].startTick <= tick { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Bars from tick 0 to the end of the last note; a meter change starts a new bar (the bar
    /// before it cut short if the change falls inside it).
    static func bars(of song: Song) -> [Bar] {
        let ticksPerEighth = Song.ticksPerQuarter / 2
        let end = max(song.endTick, 1)
        var bars: [Bar] = []
        var tick = 0
        var meterIndex = 0
        while tick < end {
            while meterIndex + 1 < song.meters.count && song.meters[meterIndex + 1].tick <= tick { meterIndex += 1 }
            var length = max(ticksPerEighth, song.meters[meterIndex].barTicks)
            if meterIndex + 1 < song.meters.count {
                length = min(length, song.meters[meterIndex + 1].tick - tick)
            }
            // Bars hold whole eighths; a meter in sixteenths is rounded to them.
            let eighths = max(1, (length + ticksPerEighth / 2) / ticksPerEighth)
            bars.append(Bar(startTick: tick, eighths: eighths, ticksPerEighth: ticksPerEighth))
            tick += eighths * ticksPerEighth
        }
        return bars
    }
}

/// How long each pitch class sounds, bar by bar: every pitched part, the melody at half weight
/// (its passing notes say less about the chord), the lowest note again (the bass names the root).
struct PitchWeights {
    private let notes: [(note: Note, weight: Double)]
    /// Index of the first note starting at or after each multiple of `bucketTicks`.
    private let longest: Int
    let finalBass: Int?

    init(song: Song, parts: [Int], melodyPart: Int?) {
        var notes: [(note: Note, weight: Double)] = []
        for index in parts {
            let weight = index == melodyPart ? 0.5 : 1
            notes += song.parts[index].notes.map { ($0, weight) }
        }
        notes.sort { $0.note.startTick < $1.note.startTick }
        self.notes = notes
        longest = notes.map(\.note.durationTicks).max() ?? 0
        let lastStart = notes.last?.note.startTick ?? 0
        finalBass = notes.filter { $0.note.endTick > lastStart }.min { $0.note.pitch < $1.note.pitch }.map {
            $0.note.pitch % 12
        }
    }

    /// Weighted ticks of each pitch class sounding in start..<end, and the bass: the lowest
    /// accompanying note struck in the span's first beat or sounding through a quarter of it
    /// (an arpeggio's first note counts, as the ear hears it).
    func weights(from start: Int, to end: Int) -> [Double] {
        sounding(from: start, to: end).weights
    }

    func sounding(from start: Int, to end: Int) -> (weights: [Double], bass: Int?) {
        var weights = [Double](repeating: 0, count: 12)
        var bass: Int?
        var index = firstIndex(startingAtOrAfter: start - longest)
        while index < notes.count, notes[index].note.startTick < end {
            let (note, weight) = notes[index]
            index += 1
            let overlap = min(end, note.endTick) - max(start, note.startTick)
            guard overlap > 0 else { continue }
            weights[note.pitch % 12] += Double(overlap) * weight
            let early = note.startTick >= start && note.startTick < start + Song.ticksPerQuarter
            if weight == 1, early || overlap * 4 >= end - start, bass == nil || note.pitch < bass! {
                bass = note.pitch
            }
        }
        if let bass { weights[bass % 12] += Double(end - start) * 0.25 }
        return (weights, bass.map { $0 % 12 })
    }

    func total(bars: [Bar]) -> [Double] {
        guard let first = bars.first, let last = bars.last else { return [Double](repeating: 0, count: 12) }
        return weights(from: first.startTick, to: last.endTick)
    }

    private func firstIndex(startingAtOrAfter tick: Int) -> Int {
        var low = 0
        var high = notes.count
        while low < high {
            let middle = (low + high) / 2
            if notes[middle].note.startTick < tick { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
