import Foundation

/// Rides the faders once the score is written, so that how hard each section plays follows the
/// order the intensity planner set.
///
/// A listener hears a section's energy as how many notes it strikes and how hard: the notes per
/// second times their mean velocity. The idiom decides the notes, and a short section that opens
/// with every part striking, or a calm one crossed by a montage hit, can come out busier than a
/// livelier neighbour. So each section's velocities are scaled (by at most `largestChange`)
/// towards the nearest energies that rise with the planned intensity, each livelier section at
/// least `rise` above the one below it: an isotonic fit on the logarithm of the energy, weighted
/// by the sections' lengths, so long sections move least. Sections of the same mood get the same
/// energy.
enum DynamicsBalancer {
    /// The most a section's velocities are scaled, up or down.
    static let largestChange = 0.3
    /// How much more energy a livelier section has than the one below it, at least.
    static let rise = 0.04

    static func balanced(_ tracks: [Track], sections: [Section]) -> [Track] {
        guard sections.count > 1 else { return tracks }
        // Which section each note sounds in, by its tick: a note on a section's first downbeat
        // belongs to it (seconds would put it in the section before whenever the tempo map's
        // whole microseconds land the downbeat a hair before the cut), and a note laid back
        // behind that beat does too.
        let endTicks = sections.map(\.endTick)
        func section(of note: Note) -> Int {
            endTicks.firstIndex { note.startTick < $0 } ?? sections.count - 1
        }
        let placed = tracks.map { $0.notes.map(section(of:)) }
        var struck = [Double](repeating: 0, count: sections.count)
        for (track, indices) in zip(tracks, placed) {
            for (note, index) in zip(track.notes, indices) { struck[index] += Double(note.velocity) }
        }
        let energies = sections.indices.map { struck[$0] / max(0.25, sections[$0].end - sections[$0].start) }
        guard energies.allSatisfy({ $0 > 0 }) else { return tracks }
        let order = sections.indices.sorted {
            (sections[$0].intensity, sections[$0].mood.arousal) < (sections[$1].intensity, sections[$1].mood.arousal)
        }
        // Rank in the order, ties (same intensity and arousal) sharing one.
        var ranks = [Int](repeating: 0, count: sections.count)
        for (position, index) in order.enumerated() where position > 0 {
            let previous = order[position - 1]
            let tied = sections[index].intensity == sections[previous].intensity
                && sections[index].mood.arousal == sections[previous].mood.arousal
            ranks[index] = ranks[previous] + (tied ? 0 : 1)
        }
        let lift = log(1 + rise)
        let weights = order.map { max(0.25, sections[$0].end - sections[$0].start) }
        // Sections of one mood play with one energy: their mean.
        var values = order.map { log(energies[$0]) - Double(ranks[$0]) * lift }
        for rank in Set(ranks) {
            let members = order.indices.filter { ranks[order[$0]] == rank }
            guard members.count > 1 else { continue }
            let total = members.map { weights[$0] }.reduce(0, +)
            let mean = members.map { values[$0] * weights[$0] }.reduce(0, +) / total
            for member in members { values[member] = mean }
        }
        let fitted = isotonic(values, weights: weights)
        var scale = [Double](repeating: 1, count: sections.count)
        for (position, index) in order.enumerated() {
            let target = exp(fitted[position] + Double(ranks[index]) * lift)
            scale[index] = (target / energies[index]).clamped(to: (1 - largestChange)...(1 + largestChange))
        }
        return zip(tracks, placed).map { track, indices in
            var track = track
            track.notes = zip(track.notes, indices).map { note, index in
                var note = note
                note.velocity = Int((Double(note.velocity) * scale[index]).rounded()).clamped(to: 1...127)
                return note
            }
            return track
        }
    }

    /// The non-decreasing sequence nearest `values` in weighted least squares (pool adjacent
    /// violators).
    static func isotonic(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(value: Double, weight: Double, count: Int)] = []
        for (value, weight) in zip(values, weights) {
            blocks.append((value, weight, 1))
            while blocks.count > 1, blocks[blocks.count - 2].value > blocks[blocks.count - 1].value {
                let last = blocks.removeLast(), before = blocks.removeLast()
                let total = last.weight + before.weight
                blocks.append(((last.value * last.weight + before.value * before.weight) / total, total, last.count + before.count))
            }
        }
        return blocks.flatMap { [Double](repeating: $0.value, count: $0.count) }
    }
}
