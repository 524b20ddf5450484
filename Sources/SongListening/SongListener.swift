import Composition
import Foundation

/// A recording heard as a song: its beats, meter, key, a chord per beat, its melody where one
/// is clear and its sections, as the `SongAnalysis` the MIDI reader makes, so that the
/// `Restyler` re-arranges a recording exactly as it re-arranges a MIDI file. Nothing of the
/// sound itself is kept: only the notes and chords it was heard to play.
public enum SongListener {
    static let shortestSeconds = 4.0

    public static func analyse(_ features: SpectralFeatures) throws(ListeningError) -> SongAnalysis {
        let loudest = features.loudness.max() ?? 0
        guard loudest > 1e-4 else { throw .silent }
        guard features.duration >= shortestSeconds else { throw .tooShort(seconds: features.duration) }
        let onset = BeatTracker.onsetStrength(features.flux)
        let periods = BeatTracker.localPeriods(onset)
        let heardBeats = BeatTracker.beats(onset: onset, periods: periods)
        guard heardBeats.count >= 8 else { throw .noBeat }
        let chromagram = Chromagram(features)

        // Beat-synchronous chroma of the beats heard, for the meter and its downbeats.
        var beats = smoothed(heardBeats)
        let beatChroma = { (beats: [Double], range: ClosedRange<Int>) -> [[Double]] in
            beats.indices.map { index in
                let end =
                    index + 1 < beats.count
                    ? beats[index + 1] : beats[index] + (beats[index] - beats[max(0, index - 1)])
                return chromagram.chroma(pitches: range, seconds: beats[index]..<max(end, beats[index] + 0.01))
            }
        }
        let accents = beats.map { time -> Double in
            let frame = Int((time * SpectralFeatures.onsetFrameRate).rounded())
            return Double((max(0, frame - 2)...min(onset.count - 1, frame + 2)).map { onset[$0] }.max() ?? 0)
        }
        let meter = MeterFinder.meter(
            treble: beatChroma(beats, Chromagram.treble), bass: beatChroma(beats, Chromagram.bass), accents: accents)

        // The grid: beats before the first downbeat kept as a pickup bar, the grid carried back to
        // the start of the sound and on to whole bars past its end.
        let grid = BeatGrid(
            beats: beats, firstDownbeat: meter.firstDownbeat, beatsPerBar: meter.beatsPerBar,
            duration: features.duration)
        beats = grid.times
        let treble = beatChroma(beats, Chromagram.treble)
        let bass = beatChroma(beats, Chromagram.bass)
        let levels = beats.indices.map { index -> Double in
            let end = index + 1 < beats.count ? beats[index + 1] : beats[index] + 0.5
            let first = Int(beats[index] * SpectralFeatures.pitchFrameRate)
            let last = min(features.loudness.count, max(first + 1, Int(end * SpectralFeatures.pitchFrameRate)))
            guard first < last else { return 0 }
            return Double(features.loudness[first..<last].max() ?? 0) / Double(loudest)
        }
        let heard = ChordTracker.chords(treble: treble, bass: bass, level: levels)
        let sounding = heard.indices.filter { levels[$0] >= 0.02 }
        let clarity = sounding.map { heard[$0].confidence }.reduce(0, +) / Double(max(1, sounding.count))
        guard clarity >= 0.6 else { throw .noPitch }

        let tempoMap = grid.tempoMap
        let ticks = Song.ticksPerQuarter
        let key = KeyHearing.key(treble: treble, bass: bass, chords: heard, levels: levels)
        let chords = foundChords(heard, key: key)
        let melodyNotes = MelodyTracker.notes(chromagram, loudness: features.loudness).compactMap {
            note -> Note? in
            let sixteenth = ticks / 4
            let start = (tempoMap.tick(atSeconds: note.start) + sixteenth / 2) / sixteenth * sixteenth
            let end = (tempoMap.tick(atSeconds: note.end) + sixteenth / 2) / sixteenth * sixteenth
            guard end > start else { return nil }
            return Note(startTick: start, durationTicks: end - start, pitch: note.pitch, velocity: 90)
        }
        var melody: [Note] = []
        for note in melodyNotes {
            if var last = melody.last {
                if note.startTick <= last.startTick { continue }
                if last.endTick > note.startTick {
                    last.durationTicks = note.startTick - last.startTick
                    melody[melody.count - 1] = last
                }
            }
            melody.append(note)
        }
        let parts =
            melody.isEmpty ? [] : [SongPart(name: "melody (heard)", track: 0, channel: 0, program: 0, notes: melody)]
        let song = Song(
            format: 0, sourceTicksPerQuarter: ticks, tempoMap: tempoMap, meters: grid.meters, keySignatures: [],
            parts: parts)
        let sections = FormFinder.sections(
            bars: grid.bars, beatsPerBarStart: grid.barFirstBeats, treble: treble, levels: levels)
        return SongAnalysis(
            song: song, bars: grid.bars, key: key, chords: chords, melodyPart: melody.isEmpty ? nil : 0, melody: melody,
            sections: sections, drumHits: [Int](repeating: 0, count: grid.bars.count))
    }

    /// Beat times with the frame grid's jitter taken out: each beat moved to the straight line
    /// fitted through it and two beats either side (a tempo that drifts keeps its drift).
    static func smoothed(_ beats: [Double]) -> [Double] {
        guard beats.count >= 5 else { return beats }
        return beats.indices.map { index in
            let low = max(0, min(index - 2, beats.count - 5))
            let range = low..<(low + 5)
            let meanX = Double(range.reduce(0, +)) / 5
            let meanY = range.reduce(0) { $0 + beats[$1] } / 5
            var slopeTop = 0.0
            var slopeBottom = 0.0
            for position in range {
                slopeTop += (Double(position) - meanX) * (beats[position] - meanY)
                slopeBottom += (Double(position) - meanX) * (Double(position) - meanX)
            }
            return meanY + slopeTop / slopeBottom * (Double(index) - meanX)
        }
    }

    /// A chord per beat as spans: neighbouring beats with the same chord joined (their
    /// confidence averaged), a silent beat holding the chord before with no confidence.
    static func foundChords(_ heard: [ChordTracker.Heard], key: FoundKey) -> [FoundChord] {
        let ticks = Song.ticksPerQuarter
        var chords: [FoundChord] = []
        var joined = 0
        for (beat, chord) in heard.enumerated() {
            let start = beat * ticks
            guard let root = chord.root else {
                if var held = chords.last {
                    held.endTick = start + ticks
                    chords[chords.count - 1] = held
                } else {
                    chords.append(
                        FoundChord(
                            startTick: start, endTick: start + ticks, root: key.tonic,
                            quality: key.isMajor ? .major : .minor,
                            confidence: 0))
                    joined = 1
                }
                continue
            }
            let quality: ChordQuality = chord.isMajor ? .major : .minor
            if var last = chords.last, last.root == root, last.quality == quality, last.endTick == start {
                last.endTick = start + ticks
                last.confidence =
                    ((last.confidence * Double(joined) + chord.confidence) / Double(joined + 1) * 1000).rounded() / 1000
                joined += 1
                chords[chords.count - 1] = last
            } else {
                chords.append(
                    FoundChord(
                        startTick: start, endTick: start + ticks, root: root, quality: quality,
                        confidence: chord.confidence))
                joined = 1
            }
        }
        return chords
    }
}
