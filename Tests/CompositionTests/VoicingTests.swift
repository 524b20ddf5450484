import Analysis
import Testing

@testable import Composition

/// How chords are spaced: no muddy seconds low down, lo-fi's keys voice their ninth chords as a
/// jazz keyboard player does, leaving the root to the bass, and no chord tone sits a semitone
/// under a held note of the tune.
@Suite("Chord voicings")
struct VoicingTests {
    /// Neighbouring notes of a struck chord a second apart under the low interval limits (a minor
    /// second with its lower note under E3, a major second under E flat 3).
    static func lowSeconds(_ chord: [Int]) -> Bool {
        zip(chord, chord.dropFirst()).contains { lower, upper in
            (upper - lower == 1 && lower < 52) || (upper - lower == 2 && lower < 51)
        }
    }

    @Test(
        "no style strikes a chord with a second under the low interval limits", arguments: Composer.styles.map(\.name))
    func noMudLowDown(style: String) {
        var struck = 0
        for seed: UInt64 in 1...4 {
            for score in Fixtures.trailerAndRandomScores(style: style, seed: seed, duration: 180) {
                for track in score.tracks where !track.isDrums {
                    let chords = Dictionary(grouping: track.notes, by: \.startTick).values
                        .map { $0.map(\.pitch).sorted() }.filter { $0.count >= 3 }
                    struck += chords.count
                    for chord in chords where Self.lowSeconds(chord) {
                        Issue.record("\(style) seed \(seed) \(track.name): \(chord)")
                    }
                }
            }
        }
        #expect(struck > 0, "\(style) strikes chords")
    }

    @Test("lo-fi's electric piano voices a ninth chord without its root, in four notes, on every degree")
    func rootlessNinths() throws {
        let style = try #require(Style.named("lofi"))
        let rhodes = try #require(style.instrument(for: .keys))
        #expect(rhodes.rootless)
        for key in [
            Key(mode: .ionian, signature: 0), Key(mode: .dorian, signature: -2), Key(mode: .aeolian, signature: 3),
        ] {
            var voicer = Voicer(for: rhodes)
            for root in 0..<7 {
                let ninth = Chord(root: root, steps: [0, 2, 4, 6, 8])
                let pitches = voicer.voicing(for: ninth, in: key)
                let classes = ninth.pitchClasses(in: key)
                #expect(pitches.count == 4, "\(ninth) in \(key): \(pitches)")
                #expect(!pitches.contains { $0 % 12 == classes[0] }, "the root is the bass's: \(pitches)")
                #expect(Set(pitches.map { $0 % 12 }) == Set(classes.dropFirst()), "\(pitches)")
                // Triads and sevenths keep their root.
                let seventh = Chord(root: root, steps: [0, 2, 4, 6])
                #expect(voicer.voicing(for: seventh, in: key).contains { $0 % 12 == classes[0] })
            }
        }
    }

    @Test(
        "no chord part sounds a semitone under a note the tune holds a beat or longer",
        arguments: Composer.styles.map(\.name))
    func noMinorNinthUnderTheTune(style: String) throws {
        var held = 0
        for seed: UInt64 in 1...4 {
            for score in Fixtures.trailerAndRandomScores(style: style, seed: seed, duration: 120) {
                let tune = try #require(score.tracks.first { $0.name.hasPrefix("Melody") })
                let chordParts = score.tracks.filter {
                    !$0.isDrums && !$0.name.hasPrefix("Melody") && !$0.name.hasPrefix("Bass")
                }
                for note in tune.notes where note.durationTicks >= Composer.ticksPerQuarter {
                    held += 1
                    for part in chordParts {
                        for under in part.notes
                        where under.startTick < note.startTick + note.durationTicks
                            && under.startTick + under.durationTicks > note.startTick
                            && (note.pitch - under.pitch + 120) % 12 == 1
                        {
                            Issue.record(
                                "\(style) seed \(seed) \(part.name): \(under.pitch) under the tune's \(note.pitch) at tick \(note.startTick)"
                            )
                        }
                    }
                }
            }
        }
        #expect(held > 20, "\(style) holds notes")
    }

    /// A chord tone a semitone under a held tune note used to be raised onto the tune's note
    /// whatever the chord held: under a passing E flat over D major, the pad played F#3 A3 Eb4
    /// over the D2 drone (the trailer's ambient at seed 7, 46 s), a minor ninth inside the chord.
    /// Under a held root, the major seventh still becomes the root.
    @Test("a chord tone under a held tune note takes the tune's note only where the chord holds it")
    func chordToneUnderTheTune() {
        func chord(_ pitches: [Int]) -> [Note] {
            pitches.map { Note(startTick: 0, durationTicks: 1920, pitch: $0, velocity: 60) }
        }
        var passing: [PartName: [Note]] = [
            .melody: [Note(startTick: 0, durationTicks: 960, pitch: 75, velocity: 80)],
            .pad: chord([54, 57, 62]), .bass: chord([38]),
        ]
        Arrangement.keepBelowMelody(&passing)
        #expect(passing[.pad]?.map(\.pitch).sorted() == [54, 57], "\(passing[.pad] ?? [])")

        var root: [PartName: [Note]] = [
            .melody: [Note(startTick: 0, durationTicks: 960, pitch: 72, velocity: 80)],
            .pad: chord([64, 67, 71]), .bass: chord([36]),
        ]
        Arrangement.keepBelowMelody(&root)
        let classes = Set((root[.pad] ?? []).map { $0.pitch % 12 })
        #expect(classes == [0, 4, 7], "\(root[.pad] ?? [])")
    }

    /// Folk's acoustic bass plays an octave under the picked guitar's thumb, as a bass player
    /// does, instead of on the same notes: its register (E1 up) ends where the guitar's lowest
    /// string begins. Before, 17 % of the harness's bass notes sounded in unison with a guitar
    /// note (every root from E to G sharp, where the two registers overlapped).
    @Test("folk's bass never doubles the picked guitar in unison")
    func folkBassUnderTheGuitar() throws {
        var bassNotes = 0
        for seed: UInt64 in 1...4 {
            for score in Fixtures.trailerAndRandomScores(style: "folk", seed: seed, duration: 120) {
                let bass = try #require(score.tracks.first { $0.name.hasPrefix("Bass") })
                let guitar = try #require(score.tracks.first { $0.name == "Picked guitar" })
                bassNotes += bass.notes.count
                for note in bass.notes {
                    let unison = guitar.notes.contains {
                        $0.pitch == note.pitch && $0.startTick <= note.startTick
                            && $0.startTick + $0.durationTicks > note.startTick
                    }
                    if unison {
                        Issue.record("seed \(seed): bass and guitar both on \(note.pitch) at \(note.startTick)")
                    }
                }
            }
        }
        #expect(bassNotes > 100)
    }
}
