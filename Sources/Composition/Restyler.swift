import Analysis

/// Re-arranges an analysed song in a style: the song's own tempo map, bars, key, chords and
/// melody, played by the style's instruments in its idiom.
///
/// The melody's notes are kept exactly (pitch, onset and length, on the style's melody
/// instrument); each found chord becomes the chord the style's parts play over its span, spelt
/// in the song's key (notes outside the key as chromatic alterations); each section of the form
/// plays at the style's level for its intensity. Nothing of the source's accompaniment or drums
/// is copied: the drums only made a passage more intense.
public struct Restyler: Sendable {
    /// A style name; "auto" (or an unknown name) picks one from the key and tempo.
    public var style: String
    public var seed: UInt64

    public init(style: String = "auto", seed: UInt64 = 1) {
        self.style = style
        self.seed = seed
    }

    public func restyle(_ analysis: SongAnalysis) -> Score {
        let tempoMap = analysis.song.tempoMap
        let ticksPerQuarter = Song.ticksPerQuarter
        let mood = Self.mood(of: analysis)
        let style = Style.named(self.style) ?? Style.automatic(for: mood)
        let key = analysis.key.key
        let levels = analysis.sections.map { Style.levelIndex(forIntensity: $0.intensity, count: style.levels.count) }
        var arrangement = Arrangement(
            style: style, reverb: Int((60 - 25 * mood.arousal).rounded()) + style.reverbOffset, theme: Theme(seed: seed),
            overall: mood)
        var sections: [Section] = []
        var melodyIndex = 0
        for (index, found) in analysis.sections.enumerated() {
            let bars = Array(analysis.bars[found.firstBar..<(found.firstBar + found.barCount)])
            let start = bars[0].startTick
            let end = bars[bars.count - 1].endTick
            let seconds = tempoMap.seconds(atTick: end) - tempoMap.seconds(atTick: start)
            let bpm = Double(end - start) / Double(ticksPerQuarter) * 60 / max(seconds, 1e-6)
            let beatsPerBar = max(1, bars[0].eighths / 2)
            var context = SectionContext(
                index: index, bars: bars, ticksPerQuarter: ticksPerQuarter, beatsPerBar: beatsPerBar, bpm: bpm,
                mood: mood, key: key, style: style, isFinal: index == analysis.sections.count - 1)
            context.chords = analysis.chords.filter { $0.endTick > start && $0.startTick < end }.map {
                ChordSlot(
                    chord: Chord.spelling(root: $0.root, intervals: $0.quality.intervals, in: key),
                    startTick: max(start, $0.startTick), endTick: min(end, $0.endTick))
            }
            context.intensity = found.intensity
            context.level = levels[index]
            context.previousLevel = index > 0 ? levels[index - 1] : nil
            context.nextLevel = index + 1 < levels.count ? levels[index + 1] : nil
            var given: [Note] = []
            while melodyIndex < analysis.melody.count && analysis.melody[melodyIndex].startTick < end {
                given.append(analysis.melody[melodyIndex])
                melodyIndex += 1
            }
            context.givenMelody = given
            arrangement.add(context, seed: seed)
            sections.append(
                Section(
                    start: tempoMap.seconds(atTick: start), end: tempoMap.seconds(atTick: end), startTick: start,
                    endTick: end, bars: bars.count, bpm: bpm, key: analysis.key.name, tonic: key.tonic,
                    isMajor: key.mode.isMajor, mood: mood, keySignature: key.signature, intensity: found.intensity,
                    level: levels[index], character: "part \(found.label)"))
        }
        let endTick = analysis.bars.last?.endTick ?? 0
        return Score(
            duration: tempoMap.seconds(atTick: endTick), tempoMap: tempoMap,
            beatsPerBar: max(1, (analysis.bars.first?.eighths ?? 8) / 2), bars: analysis.bars, sections: sections,
            tracks: DynamicsBalancer.balanced(arrangement.allTracks, sections: sections), cuts: [],
            style: style.name)
    }

    /// A mood for the style's choices: bright in major, dark in minor, livelier when faster.
    static func mood(of analysis: SongAnalysis) -> Mood {
        let tempoMap = analysis.song.tempoMap
        let endTick = max(1, analysis.bars.last?.endTick ?? 1)
        let bpm = Double(endTick) / Double(Song.ticksPerQuarter) * 60 / max(tempoMap.seconds(atTick: endTick), 1e-6)
        let arousal = ((bpm - 100) / 50).clamped(to: -0.8...0.8)
        return Mood(
            valence: analysis.key.isMajor ? 0.3 : -0.3, arousal: arousal, tension: 0.2, pace: bpm, density: 0.5)
    }
}

extension Chord {
    /// The chord with root pitch class `root` and `intervals` (semitones above the root), spelt
    /// in `key`: its root on the scale degree nearest the root, its notes on every other degree
    /// above, each altered by the semitones it lies off the scale.
    static func spelling(root: Int, intervals: [Int], in key: Key) -> Chord {
        func offset(_ pitchClass: Int, degree: Int) -> Int {
            let difference = ((pitchClass - key.pitch(ofDegree: degree)) % 12 + 12) % 12
            return difference > 6 ? difference - 12 : difference
        }
        let rootDegree = (0..<7).min { abs(offset(root, degree: $0)) < abs(offset(root, degree: $1)) } ?? 0
        var chord = Chord(root: rootDegree, steps: intervals.indices.map { 2 * $0 })
        for (index, interval) in intervals.enumerated() {
            let degree = rootDegree + 2 * index
            let change = offset(root + interval, degree: degree)
            if change != 0 { chord.alterations[degree % 7] = change }
        }
        return chord
    }
}
