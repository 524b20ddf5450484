import Analysis
import Testing

@testable import Composition

/// The harmony and the melody follow one phrase plan: the idea's repeat is the idea's notes over
/// the idea's chords, and a cadence cell ends on the cadence chord.
@Suite("Phrases")
struct PhraseTests {
    /// A section of `bars` 4/4 bars at `level` in `style`, its phrase, chords and melody written
    /// as the composer writes them.
    func section(style name: String, level: Int, bars: Int, seed: UInt64, intro: Int = 0) throws -> (
        context: SectionContext, melody: [Note]
    ) {
        let style = try #require(Style.named(name))
        let mood = Mood(valence: 0.2, arousal: -0.3, tension: 0.3, pace: 100, density: 0.5)
        return SectionWriting.write(
            style: style, bars: SectionWriting.bars(eighths: Array(repeating: 8, count: bars)), mood: mood,
            key: Key(mode: .aeolian, signature: -1), level: level, intro: intro, isFinal: false, seed: seed)
    }

    func notes(_ melody: [Note], in cell: PhraseCell) -> [Note] {
        melody.filter { cell.ticks.contains($0.startTick) }.sorted { $0.startTick < $1.startTick }
    }

    func chords(_ context: SectionContext, in cell: PhraseCell) -> [ChordSlot] {
        context.chords.filter { cell.ticks.contains($0.startTick) }
    }

    @Test(
        "the idea's repeat plays the idea's notes over the idea's chords, at every harmonic rhythm",
        arguments: ["ambient", "piano", "cinematic", "electronic", "lofi", "folk"])
    func repeatIsTheIdea(style: String) throws {
        for level in 0..<5 {
            for seed: UInt64 in 1...5 {
                let (context, melody) = try section(style: style, level: level, bars: 18, seed: seed, intro: 2)
                let idea = try #require(context.phrase.first { $0.role == .idea })
                let again = try #require(context.phrase.first { $0.role == .again })
                #expect(idea.ticks.lowerBound == context.bars[2].startTick)
                #expect(idea.ticks.count == again.ticks.count)
                let offset = again.ticks.lowerBound - idea.ticks.lowerBound
                let ideaChords = chords(context, in: idea)
                #expect(ideaChords.count == 2, "\(style) level \(level): a cell spans two chords")
                #expect(
                    ideaChords.map {
                        ChordSlot(chord: $0.chord, startTick: $0.startTick + offset, endTick: $0.endTick + offset)
                    }
                        == chords(context, in: again), "\(style) level \(level) seed \(seed)")
                #expect(
                    notes(melody, in: idea).map(\.pitch) == notes(melody, in: again).map(\.pitch),
                    "\(style) level \(level) seed \(seed)")
            }
        }
    }

    @Test(
        "a phrase is idea, again, continuation, cadence; three cells make idea, again, cadence; cadences close on the cadence chord"
    )
    func roles() throws {
        let (long, _) = try section(style: "folk", level: 1, bars: 16, seed: 3)
        #expect(
            long.phrase.map(\.role) == [.idea, .again, .continuation, .cadence, .idea, .again, .continuation, .cadence])
        let mode = long.key.mode
        // The first phrase's cadence is a half close (predominant, dominant), the second's a full one.
        #expect(chords(long, in: long.phrase[3]).map(\.chord.root) == [3, mode.cadenceDegree])
        #expect(chords(long, in: long.phrase[7]).map(\.chord.root) == [mode.cadenceDegree, 0])
        let (short, _) = try section(style: "folk", level: 1, bars: 6, seed: 3)
        #expect(short.phrase.map(\.role) == [.idea, .again, .cadence])
        // Where a chord lasts two bars, a cell lasts four.
        let (slow, _) = try section(style: "ambient", level: 0, bars: 12, seed: 3)
        #expect(slow.phrase.map(\.role) == [.idea, .again, .cadence])
        #expect(slow.phrase.map(\.ticks.count) == [4 * 1920, 4 * 1920, 4 * 1920])
        #expect(slow.phrase.map(\.notes) == [5, 5, 5])
    }

    /// Cuts make bars of 3/8 to 7/8 and cells of uneven length; the tune's rhythm is stretched
    /// over them, but every note still starts on a sixteenth (bars start on eighths), or a
    /// laid-back melody's few ticks after one. Before, 10 % of the harness's melody notes fell
    /// between sixteenths (at 30, 60 or 90 ticks past one).
    @Test("the tune starts every note on a sixteenth, in uneven bars too", arguments: Composer.styles.map(\.name))
    func tuneOnTheSixteenths(style name: String) throws {
        let style = try #require(Style.named(name))
        let lag = style.laidBack[.melody] ?? 0
        var uneven = 0
        for seed: UInt64 in 1...4 {
            for score in Fixtures.trailerAndRandomScores(style: name, seed: seed, duration: 120) {
                uneven += score.bars.filter { $0.eighths != 8 }.count
                let tune = try #require(score.tracks.first { $0.name.hasPrefix("Melody") })
                for note in tune.notes where note.startTick % 120 != 0 && (note.startTick - lag) % 120 != 0 {
                    Issue.record(
                        "\(name) seed \(seed): a note at tick \(note.startTick), \(note.startTick % 120) past a sixteenth"
                    )
                }
            }
        }
        #expect(uneven > 0, "the scores have uneven bars")
    }

    /// A cadence of three notes or more opens on the idea's first scale degree where that degree
    /// does not clash with the cadence's first chord (`MelodyWriter.clashes`: a semitone over one
    /// of its notes, or under its altered leading tone), so the phrase closes on its motif: the
    /// idea's own note, or the chord's altered form of it (C sharp for C over A major in D
    /// minor). Before, a cadence opened from the chord tone nearest the note before, and a short
    /// piece's motif came back too seldom to be heard returning.
    @Test("a cadence opens on the idea's first degree", arguments: Composer.styles.map(\.name))
    func cadenceOpensWithTheIdea(style: String) throws {
        var cadences = 0
        for level in 0..<5 {
            for seed: UInt64 in 1...6 {
                let (context, melody) = try section(style: style, level: level, bars: 16, seed: seed)
                for (index, cell) in context.phrase.enumerated() where cell.role == .cadence && cell.notes >= 3 {
                    guard let idea = context.phrase[..<index].last(where: { $0.role == .idea }),
                        let head = notes(melody, in: idea).first?.pitch,
                        let opening = notes(melody, in: cell).first?.pitch
                    else { continue }
                    // The idea's first degree, where its pitch names it (not an altered tone).
                    let degree = context.key.nearestDegree(to: head)
                    let ideaChord = context.chord(atTick: idea.ticks.lowerBound)
                    guard ideaChord.pitch(ofDegree: degree, in: context.key) == head else { continue }
                    let chord = context.chord(atTick: cell.ticks.lowerBound)
                    guard !MelodyWriter.clashes(degree, with: chord, in: context.key) else { continue }
                    cadences += 1
                    #expect(
                        opening == chord.pitch(ofDegree: degree, in: context.key),
                        "\(style) level \(level) seed \(seed): cadence \(index) opens on \(opening), the idea on \(head)"
                    )
                }
            }
        }
        #expect(cadences >= 20, "\(style): \(cadences) cadences")
    }
}
