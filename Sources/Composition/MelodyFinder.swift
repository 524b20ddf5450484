/// Which part carries the tune: one named so ("melody", "lead", "vocal", "voice", "tune",
/// "soprano", "theme"), else the highest-sounding part among those that play through much of the
/// song mostly one note at a time; when no part is a single line, the highest part's top line.
enum MelodyFinder {
    static let names = ["melody", "lead", "vocal", "voice", "tune", "soprano", "theme", "singer"]

    static func melodyPart(of song: Song, among parts: [Int]) -> Int? {
        if let named = parts.first(where: { index in
            let name = song.parts[index].name.lowercased()
            return names.contains { name.contains($0) }
        }) {
            return named
        }
        let end = max(1, song.endTick)
        let candidates = parts.map { index -> (index: Int, pitch: Double, single: Double, coverage: Double) in
            let notes = song.parts[index].notes
            let pitch = Double(notes.reduce(0) { $0 + $1.pitch }) / Double(max(1, notes.count))
            return (index, pitch, singleLineShare(notes), Double(notes.reduce(0) { $0 + $1.durationTicks }) / Double(end))
        }
        let lines = candidates.filter { $0.single >= 0.8 && $0.coverage >= 0.25 }
        let pool = lines.isEmpty ? candidates : lines
        return pool.max { $0.pitch < $1.pitch }?.index
    }

    /// The share of notes that start after the note before has ended (or nearly).
    static func singleLineShare(_ notes: [Note]) -> Double {
        guard notes.count > 1 else { return 1 }
        var single = 0
        var previousEnd = -1
        var previousStart = -1
        for note in notes {
            if note.startTick != previousStart && note.startTick >= previousEnd - 30 { single += 1 }
            previousEnd = max(previousEnd, note.endTick)
            previousStart = note.startTick
        }
        return Double(single) / Double(notes.count)
    }

    /// The part's top line: at each onset the highest note struck there, unless a higher note
    /// of the part is still sounding (it is then an inner voice). A single line comes back whole.
    static func line(of notes: [Note]) -> [Note] {
        guard singleLineShare(notes) < 1 else { return notes }
        var line: [Note] = []
        var index = 0
        var sounding: [Note] = []
        while index < notes.count {
            let tick = notes[index].startTick
            var top = notes[index]
            while index < notes.count && notes[index].startTick == tick {
                if notes[index].pitch > top.pitch { top = notes[index] }
                index += 1
            }
            sounding.removeAll { $0.endTick <= tick }
            if !sounding.contains(where: { $0.pitch > top.pitch && $0.endTick > tick + 30 }) { line.append(top) }
            sounding.append(top)
        }
        return line
    }
}
