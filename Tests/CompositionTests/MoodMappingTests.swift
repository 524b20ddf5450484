import Analysis
import Testing

@testable import Composition

@Suite("Mood to music")
struct MoodMappingTests {
    func compose(valence: Double = 0, arousal: Double = 0, style: String = "auto", seconds: Double = 32) -> Score {
        let scenes = Fixtures.single(seconds: seconds, valence: valence, arousal: arousal)
        return Composer(style: style, seed: 9).compose(scenes: scenes, cuts: [], duration: seconds)
    }

    /// Notes per second times mean velocity, over every track.
    func intensity(_ notes: [Note], seconds: Double) -> Double {
        guard !notes.isEmpty else { return 0 }
        let meanVelocity = Double(notes.reduce(0) { $0 + $1.velocity }) / Double(notes.count)
        return Double(notes.count) / seconds * meanVelocity
    }

    @Test(
        "higher arousal gives more notes per second times velocity", arguments: Composer.styles.map(\.name) + ["auto"])
    func arousalRaisesIntensity(style: String) {
        let levels = [-0.8, -0.4, 0, 0.4, 0.8]
        let values = levels.map { intensity(compose(arousal: $0, style: style).tracks.flatMap(\.notes), seconds: 32) }
        for (lower, higher) in zip(values, values.dropFirst()) {
            #expect(lower < higher, "\(style): \(values)")
        }
    }

    @Test("within one score, sections with more arousal are more intense")
    func arousalOrderWithinAScore() {
        let score = Composer(seed: 4).compose(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        let notes = score.tracks.flatMap(\.notes)
        let measured = score.sections.map { section -> (arousal: Double, intensity: Double) in
            let end = score.endTick(of: section)
            let inside = notes.filter { $0.startTick >= section.startTick && $0.startTick < end }
            return (section.mood.arousal, intensity(inside, seconds: section.end - section.start))
        }
        for a in measured {
            for b in measured where b.arousal > a.arousal + 0.3 {
                #expect(b.intensity > a.intensity, "\(measured)")
            }
        }
    }

    @Test("valence picks major (>= 0) or minor (< 0)", arguments: [-0.9, -0.55, -0.3, -0.1, 0, 0.05, 0.3, 0.6, 0.95])
    func valenceSetsMode(valence: Double) throws {
        let section = try #require(compose(valence: valence).sections.first)
        #expect(section.isMajor == (valence >= 0))
        let third = compose(valence: valence).pitchedNotes.contains {
            ($0.pitch - section.tonic + 12) % 12 == (valence >= 0 ? 3 : 4)
        }
        #expect(!third, "the other mode's third appears")
    }

    @Test(
        "pitched notes keep to the section's scale, but for the leading tone in minor and a borrowed iv in major",
        arguments: [UInt64(1), 2, 3])
    func notesInScale(seed: UInt64) {
        let scenes = Fixtures.randomScenes(seed: seed, duration: 200)
        let score = Composer(seed: seed).compose(scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: 200)
        var chromatic = 0
        var total = 0
        for track in score.tracks where !track.isDrums {
            for note in track.notes {
                let section = score.section(atTick: note.startTick)!
                let majorTonic = (section.keySignature * 7 % 12 + 12) % 12
                let scale = Set(Mode.majorIntervals.map { (majorTonic + $0) % 12 })
                total += 1
                guard !scale.contains(note.pitch % 12) else { continue }
                chromatic += 1
                let mode = section.key.split(separator: " ").last ?? ""
                let allowed =
                    mode == "minor" || mode == "dorian"
                    ? (section.tonic + 11) % 12
                    : mode == "major" ? (section.tonic + 8) % 12 : -1
                #expect(note.pitch % 12 == allowed, "\(note) in \(section.key)")
            }
        }
        #expect(Double(chromatic) <= 0.1 * Double(total), "\(chromatic) of \(total) notes are chromatic")
    }

    @Test("the kit plays in electronic and lofi when calm too, and more when excited; never in piano or ambient")
    func drumsFollowArousal() throws {
        for style in ["electronic", "lofi"] {
            let calm = try #require(compose(arousal: -0.6, style: style).tracks.first { $0.isDrums }).notes.count
            let excited = try #require(compose(arousal: 0.8, style: style).tracks.first { $0.isDrums }).notes.count
            #expect(excited > calm * 3 / 2, "\(style): \(calm) calm, \(excited) excited")
        }
        #expect(!compose(arousal: 0.9, style: "piano").tracks.contains { $0.isDrums })
        #expect(!compose(arousal: 0.9, style: "ambient").tracks.contains { $0.isDrums })
    }

    @Test("the bass stays low and the melody sits above every accompanying part", arguments: ["piano", "folk", "cinematic"])
    func registers(style: String) throws {
        let score = compose(valence: 0.3, arousal: 0.2, style: style)
        func mean(_ track: Track) -> Double { Double(track.notes.reduce(0) { $0 + $1.pitch }) / Double(track.notes.count) }
        let melody = try #require(score.tracks.first { $0.name.hasPrefix("Melody") })
        for track in score.tracks where !track.isDrums && track.name != melody.name {
            #expect(mean(track) < mean(melody), "\(track.name) \(mean(track)) vs melody \(mean(melody))")
        }
        if let bass = score.tracks.first(where: { $0.name.hasPrefix("Bass") }) {
            #expect(bass.notes.allSatisfy { (28...52).contains($0.pitch) })
        }
    }

    @Test("the melody gets busier with arousal")
    func melodyDensity() throws {
        func perSecond(_ arousal: Double) throws -> Double {
            let score = compose(arousal: arousal, style: "electronic", seconds: 64)
            return Double(try #require(score.tracks.first { $0.name.hasPrefix("Melody") }).notes.count) / 64
        }
        #expect(try perSecond(0.8) > 1.5 * perSecond(-0.7))
    }

    @Test("harmonic rhythm follows the level: a chord every two bars, every bar, twice a bar")
    func harmonicRhythm() throws {
        func chordCount(style: String, level: Int) throws -> Int {
            var context = SectionContext(
                index: 0, bars: (0..<8).map { Bar(startTick: $0 * 1920, eighths: 8, ticksPerEighth: 240) },
                ticksPerQuarter: 480, beatsPerBar: 4, bpm: 100,
                mood: Mood(valence: 0.3, arousal: 0, tension: 0.2, pace: 100, density: 0.5),
                key: Key(mode: .ionian, signature: 0), style: try #require(Style.named(style)), isFinal: false)
            context.level = level
            var random = SeededRandom(seed: 1)
            let chords = HarmonyWriter.chords(for: context, random: &random)
            #expect(chords.first?.startTick == 0 && chords.last?.endTick == context.endTick)
            return chords.count
        }
        #expect(try chordCount(style: "ambient", level: 0) == 4)
        #expect(try chordCount(style: "lofi", level: 1) == 8)
        #expect(try chordCount(style: "lofi", level: 4) == 16)
    }

    @Test("named styles choose their own instruments; unknown names fall back to auto")
    func styles() throws {
        let names = Composer.styles.map(\.name)
        #expect(Set(names).isSuperset(of: ["ambient", "piano", "cinematic", "electronic", "lofi", "folk"]))
        var programs: Set<[Int]> = []
        for name in names {
            let score = compose(arousal: 0.5, style: name)
            #expect(score.style == name)
            programs.insert(score.tracks.filter { !$0.isDrums }.map(\.program))
        }
        #expect(programs.count == names.count)
        let fallback = compose(style: "no-such-style")
        #expect(names.contains(fallback.style))
        #expect(compose(valence: 0.5, arousal: 0.7).style == "electronic")
        #expect(compose(valence: 0.3, arousal: -0.7).style == "ambient")
    }
}
