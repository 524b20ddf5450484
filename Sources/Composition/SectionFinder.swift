/// The song's form: phrases of four bars (eight in songs of 32 bars or more), a new phrase at
/// every meter change, each lettered like the first earlier phrase that has the same chords on
/// at least 80 % of its beats and the same melody (pitches relative to the phrase) on 70 % of
/// its notes; and how intense each passage is from its notes per beat, loudness and drum hits.
enum SectionFinder {
    static func sections(bars: [Bar], chords: [FoundChord], melody: [Note], song: Song, drumHits: [Int]) -> [SongSection] {
        let phrase = bars.count >= 32 ? 8 : 4
        var spans: [Range<Int>] = []
        var start = 0
        for index in bars.indices.dropFirst() {
            let meterChanged = bars[index].eighths != bars[index - 1].eighths
            if index - start == phrase || meterChanged {
                spans.append(start..<index)
                start = index
            }
        }
        if !bars.isEmpty { spans.append(start..<bars.count) }
        // A last phrase of one or two bars belongs to the one before, when the meter allows.
        if spans.count > 1, spans[spans.count - 1].count <= 2,
            bars[spans[spans.count - 1].lowerBound].eighths == bars[spans[spans.count - 2].lowerBound].eighths
        {
            let last = spans.removeLast()
            spans[spans.count - 1] = spans[spans.count - 1].lowerBound..<last.upperBound
        }

        let fingerprints = spans.map { fingerprint(of: $0, bars: bars, chords: chords, melody: melody) }
        var labels: [String] = []
        var letters = 0
        for (index, current) in fingerprints.enumerated() {
            if let earlier = (0..<index).first(where: { fingerprints[$0].matches(current) }) {
                labels.append(labels[earlier])
            } else {
                labels.append(String(UnicodeScalar(UInt8(65 + min(letters, 25)))))
                letters += 1
            }
        }
        let activity = spans.map { Self.activity(of: $0, bars: bars, song: song, drumHits: drumHits) }
        let low = activity.min() ?? 0
        let high = activity.max() ?? 0
        return spans.enumerated().map { index, span in
            let relative = high > low ? (activity[index] - low) / (high - low) : 0.5
            return SongSection(
                firstBar: span.lowerBound, barCount: span.count, label: labels[index],
                intensity: ((0.3 + 0.45 * relative) * 1000).rounded() / 1000)
        }
    }

    struct Fingerprint {
        var chords: [String]
        var melody: [Int]

        func matches(_ other: Fingerprint) -> Bool {
            guard chords.count == other.chords.count, !chords.isEmpty else { return false }
            let sameChords = zip(chords, other.chords).count { $0 == $1 }
            guard Double(sameChords) >= 0.8 * Double(chords.count) else { return false }
            guard !melody.isEmpty || !other.melody.isEmpty else { return true }
            let sameNotes = zip(melody, other.melody).count { $0 == $1 }
            return Double(sameNotes) >= 0.7 * Double(max(melody.count, other.melody.count))
        }
    }

    /// The chord on each beat of the phrase, and each melody note as (onset in sixteenths from
    /// the phrase's start) * 128 + pitch.
    static func fingerprint(of span: Range<Int>, bars: [Bar], chords: [FoundChord], melody: [Note]) -> Fingerprint {
        let start = bars[span.lowerBound].startTick
        let end = bars[span.upperBound - 1].endTick
        var names: [String] = []
        var tick = start
        var chordIndex = 0
        while tick < end {
            while chordIndex + 1 < chords.count && chords[chordIndex + 1].startTick <= tick { chordIndex += 1 }
            names.append(chords.isEmpty ? "" : "\(chords[chordIndex].root) \(chords[chordIndex].quality.rawValue)")
            tick += Song.ticksPerQuarter
        }
        let notes = melody.filter { $0.startTick >= start && $0.startTick < end }.map {
            ($0.startTick - start) / (Song.ticksPerQuarter / 4) * 128 + $0.pitch
        }
        return Fingerprint(chords: names, melody: notes)
    }

    /// Pitched onsets per beat, weighted by loudness, plus half a point per drum hit per beat.
    static func activity(of span: Range<Int>, bars: [Bar], song: Song, drumHits: [Int]) -> Double {
        let start = bars[span.lowerBound].startTick
        let end = bars[span.upperBound - 1].endTick
        let beats = Double(end - start) / Double(Song.ticksPerQuarter)
        var loudness = 0.0
        for part in song.parts where !part.isDrums {
            for note in part.notes where note.startTick >= start && note.startTick < end {
                loudness += Double(note.velocity) / 100
            }
        }
        let drums = Double(span.reduce(0) { $0 + drumHits[$1] })
        return (loudness + 0.5 * drums) / max(1, beats)
    }
}
