import Analysis
import Testing

@testable import Composition

/// The measures of whether the music follows the picture: intensity with arousal, mode
/// with valence, styles that differ, key changes, tempo ramps and the `--tempo`/`--key` controls.
@Suite("Musical depth")
struct MusicalDepthTests {
    static let videos: [(scenes: [Scene], duration: Double)] =
        [(Fixtures.trailer, Fixtures.trailerDuration)]
        + (11...14).map { (Fixtures.randomScenes(seed: UInt64($0), duration: 180), 180) }

    /// Notes per second times mean velocity of the notes that start in `section`.
    static func intensity(of section: Section, in score: Score) -> Double {
        let notes = score.tracks.flatMap(\.notes).filter {
            $0.startTick >= section.startTick && $0.startTick < section.endTick
        }
        guard !notes.isEmpty else { return 0 }
        let velocity = Double(notes.reduce(0) { $0 + $1.velocity }) / Double(notes.count)
        return Double(notes.count) / (section.end - section.start) * velocity
    }

    /// Spearman's rank correlation, ties sharing their mean rank.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        func ranks(_ values: [Double]) -> [Double] {
            let order = values.indices.sorted { values[$0] < values[$1] }
            var result = Array(repeating: 0.0, count: values.count)
            var start = 0
            while start < order.count {
                var end = start
                while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
                for k in start...end { result[order[k]] = Double(start + end) / 2 }
                start = end + 1
            }
            return result
        }
        let (a, b) = (ranks(x), ranks(y))
        let n = Double(a.count)
        let (meanA, meanB) = (a.reduce(0, +) / n, b.reduce(0, +) / n)
        let covariance = zip(a, b).reduce(0) { $0 + ($1.0 - meanA) * ($1.1 - meanB) }
        let spreadA = a.reduce(0) { $0 + ($1 - meanA) * ($1 - meanA) }
        let spreadB = b.reduce(0) { $0 + ($1 - meanB) * ($1 - meanB) }
        return covariance / (spreadA * spreadB).squareRoot()
    }

    @Test(
        "Spearman's rho of section arousal and notes per second x velocity is at least 0.8",
        arguments: ["auto"] + Composer.styles.map(\.name))
    func intensityFollowsArousal(style: String) {
        #expect(abs(Self.spearman([1, 2, 3, 4], [10, 20, 30, 25]) - 0.8) < 1e-9)
        for (index, video) in Self.videos.enumerated() {
            let score = Composer(style: style, seed: 3).compose(
                scenes: video.scenes, cuts: Fixtures.cuts(of: video.scenes), duration: video.duration)
            let arousal = score.sections.map(\.mood.arousal)
            let intensity = score.sections.map { Self.intensity(of: $0, in: score) }
            let rho = Self.spearman(arousal, intensity)
            #expect(rho >= 0.8, "video \(index), \(style): rho \(rho) over \(score.sections.count) sections")
        }
    }

    @Test("across the trailer's scenes, montage scenes included, rho of arousal and intensity is at least 0.8")
    func intensityFollowsSceneArousal() {
        let score = Composer(seed: 1).compose(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        let notes = score.tracks.flatMap(\.notes)
        let intensity = Fixtures.trailer.map { scene -> Double in
            let (start, end) = (score.tempoMap.tick(atSeconds: scene.start), score.tempoMap.tick(atSeconds: scene.end))
            let inside = notes.filter { $0.startTick >= start && $0.startTick < end }
            let velocity = Double(inside.reduce(0) { $0 + $1.velocity }) / Double(max(1, inside.count))
            return Double(inside.count) / (scene.end - scene.start) * velocity
        }
        let rho = Self.spearman(Fixtures.trailer.map(\.mood.arousal), intensity)
        #expect(rho >= 0.8, "rho \(rho): \(intensity)")
    }

    @Test("inside a montage, each scene's stretch is as loud as its own arousal")
    func montageDynamics() throws {
        let scenes = [
            Fixtures.scene(0, 12, valence: 0.2, arousal: 0), Fixtures.scene(12, 13.5, valence: 0.2, arousal: 0.8),
            Fixtures.scene(13.5, 15, valence: 0.2, arousal: -0.6), Fixtures.scene(15, 30, valence: 0.2, arousal: 0),
        ]
        let score = Composer(style: "piano", seed: 1).compose(
            scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: 30)
        func meanVelocity(from: Double, to: Double) -> Double {
            let (start, end) = (score.tempoMap.tick(atSeconds: from), score.tempoMap.tick(atSeconds: to))
            let inside = score.pitchedNotes.filter { $0.startTick >= start && $0.startTick < end }
            return Double(inside.reduce(0) { $0 + $1.velocity }) / Double(max(1, inside.count))
        }
        #expect(score.sections.count < scenes.count, "the short scenes are merged")
        let loud = meanVelocity(from: 12, to: 13.5)
        let quiet = meanVelocity(from: 13.5, to: 15)
        #expect(loud > quiet + 15, "\(loud) vs \(quiet)")
    }

    @Test("major or minor agrees with the sign of valence in at least 80 % of sections")
    func modeFollowsValence() {
        var agreeing = 0
        var total = 0
        for video in Self.videos {
            let score = Composer(seed: 5).compose(
                scenes: video.scenes, cuts: Fixtures.cuts(of: video.scenes), duration: video.duration)
            for section in score.sections {
                total += 1
                if section.isMajor == (section.mood.valence >= 0) { agreeing += 1 }
            }
        }
        #expect(total >= 20)
        #expect(Double(agreeing) >= 0.8 * Double(total), "\(agreeing) of \(total)")
    }

    struct Profile: Equatable {
        var programs: Set<Int>
        var meanBPM: Double
        var notesPerSecond: Double
        var drums: Bool
    }

    static func profile(style: String) -> Profile {
        let score = Composer(style: style, seed: 2).compose(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        let pitched = score.tracks.filter { !$0.isDrums }
        let seconds = score.sections.reduce(0) { $0 + $1.end - $1.start }
        let meanBPM = score.sections.reduce(0) { $0 + $1.bpm * ($1.end - $1.start) } / seconds
        return Profile(
            programs: Set(pitched.map(\.program)), meanBPM: meanBPM,
            notesPerSecond: Double(pitched.flatMap(\.notes).count) / Fixtures.trailerDuration,
            drums: score.tracks.contains { $0.isDrums })
    }

    @Test("the six styles differ in programs and in at least one of tempo, note density and drums")
    func stylesDiffer() {
        let names = Composer.styles.map(\.name)
        #expect(names.count >= 6)
        let profiles = names.map(Self.profile)
        for i in profiles.indices {
            for j in profiles.indices where j > i {
                let (a, b) = (profiles[i], profiles[j])
                #expect(a.programs != b.programs, "\(names[i]) and \(names[j]) use the same instruments")
                let tempo = abs(a.meanBPM - b.meanBPM) / min(a.meanBPM, b.meanBPM) > 0.05
                let density = abs(a.notesPerSecond - b.notesPerSecond) / min(a.notesPerSecond, b.notesPerSecond) > 0.15
                #expect(tempo || density || a.drums != b.drums, "\(names[i]) vs \(names[j]): \(a) \(b)")
            }
        }
        let tempos = profiles.map(\.meanBPM)
        #expect(tempos.max()! / tempos.min()! > 1.2, "tempo ranges: \(tempos)")
        #expect(profiles.contains { $0.drums } && profiles.contains { !$0.drums })
    }

    /// A bright driven clip, lydian throughout, sat on I and II for 71-84 % of its minute in every
    /// style while lydian's progressions were all built on I-II (one of them I-II-I-II) and its
    /// cadences were II-I.
    @Test("a long lydian section moves beyond two chords")
    func lydianMovesOn() throws {
        let style = try #require(Style.named("folk"))
        let mood = Mood(valence: 0.7, arousal: 0.4, tension: 0.2, pace: 120, density: 0.6)
        var shares: [Double] = []
        for seed: UInt64 in 1...12 {
            let (context, _) = SectionWriting.write(
                style: style, bars: SectionWriting.bars(eighths: Array(repeating: 8, count: 16)), mood: mood,
                key: Key(mode: .lydian, signature: -2), level: 2, isFinal: false, seed: seed)
            var ticks: [Int: Int] = [:]
            for slot in context.chords { ticks[slot.chord.root, default: 0] += slot.durationTicks }
            #expect(ticks.count >= 3, "seed \(seed): \(context.chords.map(\.chord.root))")
            let commonest = ticks.values.sorted(by: >).prefix(2).reduce(0, +)
            shares.append(Double(commonest) / Double(ticks.values.reduce(0, +)))
        }
        #expect(shares.reduce(0, +) / Double(shares.count) <= 0.75, "the two commonest chords' share: \(shares)")
    }

    @Test("a big change of valence moves the key one step; small ones change only the mode")
    func keyChanges() {
        let scenes = [
            Fixtures.scene(0, 20, valence: 0.7, arousal: 0), Fixtures.scene(20, 40, valence: 0.5, arousal: 0),
            Fixtures.scene(40, 60, valence: -0.6, arousal: 0), Fixtures.scene(60, 80, valence: -0.5, arousal: 0),
        ]
        let score = Composer(seed: 1).compose(scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: 80)
        let signatures = score.sections.map(\.keySignature)
        #expect(signatures.count == 4)
        #expect(signatures[0] == signatures[1] && signatures[2] == signatures[3])
        #expect(signatures[2] == signatures[1] - 1, "\(signatures)")
    }

    @Test("the tempo ramps over the last bar before a section of another tempo")
    func tempoRamps() throws {
        let scenes = [
            Fixtures.scene(0, 20, valence: 0, arousal: -0.9), Fixtures.scene(20, 40, valence: 0, arousal: 0.9),
        ]
        let score = Composer(style: "electronic", seed: 1).compose(scenes: scenes, cuts: [20], duration: 40)
        let second = try #require(score.sections.last)
        let changes = score.tempoMap.changes
        let before = changes.filter { $0.tick < second.startTick && $0.tick >= second.startTick - 1920 }
        #expect(before.count >= 3, "\(changes)")
        #expect(zip(before, before.dropFirst()).allSatisfy { $0.bpm < $1.bpm }, "an accelerando: \(before)")
        let start = score.tempoMap.bpm(atTick: 0)
        let arrival = score.tempoMap.bpm(atTick: second.startTick)
        let largestStep = zip(changes, changes.dropFirst()).map { abs($1.bpm - $0.bpm) }.max() ?? 0
        #expect(largestStep < (arrival - start) * 0.6, "steps up to \(largestStep) for \(start) -> \(arrival)")
        #expect(abs(score.tempoMap.seconds(atTick: second.startTick) - 20) < 0.001)
    }

    @Test("--tempo sets the centre tempo; sections still fit their cuts", arguments: [60.0, 150.0])
    func requestedTempo(bpm: Double) {
        let score = Composer(seed: 1, tempo: bpm).compose(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        let mean = score.sections.reduce(0) { $0 + $1.bpm * ($1.end - $1.start) } / Fixtures.trailerDuration
        #expect(abs(mean - bpm) / bpm < 0.15, "mean tempo \(mean)")
        let downbeats = score.bars.map { score.tempoMap.seconds(atTick: $0.startTick) }
        #expect(score.cuts.allSatisfy { cut in downbeats.contains { abs($0 - cut) < 0.001 } })
    }

    @Test(
        "--key names parse; the named key is the home of sections in its mode",
        arguments: [("D minor", 2, -1), ("F# major", 6, 6), ("A dorian", 9, 1), ("Bb", 10, -2), ("eb minor", 3, -6)])
    func requestedKey(name: String, tonic: Int, signature: Int) throws {
        let key = try #require(Key(named: name))
        #expect(key.tonic == tonic)
        #expect(key.signature == signature || key.signature == signature + 12, "\(key.signature)")
        let minor = name.hasSuffix("minor")
        let scenes = Fixtures.single(seconds: 30, valence: minor ? -0.6 : 0.3, arousal: 0)
        let section = try #require(
            Composer(seed: 1, key: name).compose(scenes: scenes, cuts: [], duration: 30).sections.first)
        if !name.hasSuffix("dorian") {
            #expect(section.tonic == tonic, "\(section.key)")
        }
        #expect(section.keySignature == key.signature)
    }

    @Test("a requested minor key is used by every minor-sounding section, major ones take its relative")
    func requestedKeyAcrossMoods() {
        let scenes = [
            Fixtures.scene(0, 15, valence: -0.1, arousal: 0), Fixtures.scene(15, 30, valence: -0.4, arousal: 0.2),
            Fixtures.scene(30, 45, valence: 0.15, arousal: 0),
        ]
        let score = Composer(seed: 1, key: "D minor").compose(
            scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: 45)
        #expect(score.sections.map(\.key) == ["D minor", "D minor", "F major"])
    }

    @Test("bad key names are rejected", arguments: ["H minor", "D minr", "", "C## major", "D minor please"])
    func badKeys(name: String) {
        #expect(!Composer.isKey(name))
    }
}
