import Analysis
import Testing

@testable import Composition

/// The chromatic chords (a minor key's dominant with its leading tone, a borrowed iv in major)
/// heard against the parts around them: no part plays the scale's own neighbour of the chord's
/// altered note while the chord sounds.
@Suite("Chromatic chords")
struct ChromaticChordTests {
    /// Found by a musician's review: walking to the tonic under a minor key's dominant, the bass
    /// took the scale's step below (G natural in A minor) while the guitars held the chord's G
    /// sharp, in the loudest bar before the last chord (folk, trailer, seeds 4 and 11).
    @Test(
        "the bass's approach note is spelled as the chord it sounds under", arguments: ["folk", "lofi", "electronic"])
    func bassApproachFollowsTheChord(style name: String) throws {
        let style = try #require(Style.named(name))
        let key = Key(mode: .aeolian, signature: 0)
        var context = SectionContext(
            index: 0, bars: SectionWriting.bars(eighths: [8, 8]), ticksPerQuarter: 480, beatsPerBar: 4, bpm: 90,
            mood: Mood(valence: -0.5, arousal: 0.2, tension: 0.4, pace: 100, density: 0.5), key: key, style: style,
            isFinal: false)
        let dominant = Chord.triad(on: 4).alteringThird(by: 1)
        context.chords = [
            ChordSlot(chord: dominant, startTick: 0, endTick: 1920),
            ChordSlot(chord: .triad(on: 0), startTick: 1920, endTick: 3840),
        ]
        let bass = try #require(style.instrument(for: .bass))
        let writer = PartWriter(context: context, instrument: bass, velocity: 80, swing: 0, laidBack: 0)
        var voicer = Voicer(for: bass)
        var random = SeededRandom(seed: 1, stream: .pad, index: 0)
        let walk = writer.notes(
            for: Layer(.bass, .bass, "R... .... .... ..A."), bars: 0..<1, until: 1920, voicer: &voicer, random: &random)
        let approach = try #require(walk.last)
        #expect(approach.startTick == 14 * 120)
        // E major walking to A: G sharp (the chord's third) or B, never the G natural.
        #expect([8, 11].contains(approach.pitch % 12), "\(name): \(walk.map(\.pitch))")
    }

    /// Also from the review: at the trailer's montage, over a borrowed C minor in G major, the
    /// tune held the leading tone F# (a tritone over the root, a semitone under the fifth) for
    /// a beat or more in three styles of six. Over a chromatic chord a tune note that is not a
    /// chord tone is neither a semitone over nor under one, held or on a strong beat.
    @Test("the tune over a chromatic chord keeps a semitone clear of its notes", arguments: Composer.styles.map(\.name))
    func tuneOverChromaticChords(style: String) throws {
        var checked = 0
        let keys = [Key(mode: .ionian, signature: 1), Key(mode: .aeolian, signature: -1)]
        for seed: UInt64 in 1...12 {
            for (index, key) in keys.enumerated() {
                let mood = Mood(valence: index == 0 ? 0.3 : -0.5, arousal: 0.2, tension: 0.4, pace: 100, density: 0.5)
                let (context, melody) = SectionWriting.write(
                    style: try #require(Style.named(style)),
                    bars: SectionWriting.bars(eighths: Array(repeating: 8, count: 8)),
                    mood: mood, key: key, level: 2, isFinal: false, seed: seed)
                let onsets = melody.map(\.startTick)
                for (position, note) in melody.enumerated() {
                    let chord = context.chord(atTick: note.startTick)
                    guard !chord.alterations.isEmpty else { continue }
                    let next = position + 1 < onsets.count ? onsets[position + 1] : context.endTick
                    guard context.strongTicks.contains(note.startTick) || next - note.startTick >= 480 else { continue }
                    checked += 1
                    let tones = chord.pitchClasses(in: key)
                    guard !tones.contains(note.pitch % 12) else { continue }
                    for tone in tones {
                        let interval = ((note.pitch - tone) % 12 + 12) % 12
                        #expect(
                            interval != 1 && interval != 11, "seed \(seed): \(note.pitch) over \(tones) in \(key.name)")
                    }
                }
            }
        }
        #expect(checked > 5, "\(style): only \(checked) tune notes over chromatic chords")
    }
}
