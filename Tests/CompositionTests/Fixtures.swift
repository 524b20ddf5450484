import Analysis
import Composition

/// Inputs shared by the tests: hand-written scene lists and a seeded generator of random ones.
enum Fixtures {
    static func scene(_ start: Double, _ end: Double, valence: Double, arousal: Double, tension: Double = 0.3) -> Scene
    {
        Scene(
            start: start, end: end,
            mood: Mood(valence: valence, arousal: arousal, tension: tension, pace: 100, density: 0.5))
    }

    /// One scene covering the whole video.
    static func single(seconds: Double, valence: Double = 0, arousal: Double = 0, tension: Double = 0.3) -> [Scene] {
        [scene(0, seconds, valence: valence, arousal: arousal, tension: tension)]
    }

    /// A 91.37 s video: a calm opening, a rapid montage (three scenes under 4 s), a tense chase,
    /// a sad scene, a bright one and a quiet ending.
    static let trailer: [Scene] = [
        scene(0, 9.3, valence: 0.3, arousal: -0.5),
        scene(9.3, 21.7, valence: 0.5, arousal: 0.1),
        scene(21.7, 23.0, valence: 0.2, arousal: 0.6),
        scene(23.0, 24.1, valence: 0.1, arousal: 0.7),
        scene(24.1, 25.6, valence: 0.0, arousal: 0.8),
        scene(25.6, 38.2, valence: -0.1, arousal: 0.8, tension: 0.6),
        scene(38.2, 52.9, valence: -0.6, arousal: -0.2, tension: 0.5),
        scene(52.9, 60.4, valence: -0.4, arousal: 0.45),
        scene(60.4, 75.0, valence: 0.6, arousal: 0.2),
        scene(75.0, 91.37, valence: 0.4, arousal: -0.6),
    ]
    static let trailerDuration = 91.37

    /// The score of `trailer` in `style`.
    static func trailerScore(style: String, seed: UInt64) -> Score {
        Composer(style: style, seed: seed).compose(scenes: trailer, cuts: cuts(of: trailer), duration: trailerDuration)
    }

    /// The trailer's score and a random video's of `duration` seconds (montages and uneven
    /// bars), in `style` with `seed`: the pair the voicing and phrase tests read.
    static func trailerAndRandomScores(style: String, seed: UInt64, duration: Double) -> [Score] {
        let scenes = randomScenes(seed: seed, duration: duration)
        return [
            trailerScore(style: style, seed: seed),
            Composer(style: style, seed: seed).compose(scenes: scenes, cuts: cuts(of: scenes), duration: duration),
        ]
    }

    static func cuts(of scenes: [Scene]) -> [Double] {
        scenes.dropFirst().map(\.start)
    }

    /// Contiguous scenes of random lengths (0.5-30 s) and moods, reproducible from `seed`.
    static func randomScenes(seed: UInt64, duration: Double) -> [Scene] {
        var state = seed
        func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
        }
        var scenes: [Scene] = []
        var start = 0.0
        while start < duration {
            let length = unit() < 0.3 ? 0.5 + 3 * unit() : 4 + 26 * unit()
            let end = min(duration, start + length)
            scenes.append(
                scene(start, end, valence: unit() * 2 - 1, arousal: unit() * 2 - 1, tension: unit()))
            start = end
        }
        return scenes
    }
}

extension Score {
    /// Notes of every track that is not the drum kit.
    var pitchedNotes: [Note] { tracks.filter { !$0.isDrums }.flatMap(\.notes) }

    /// The section that contains `tick`.
    func section(atTick tick: Int) -> Section? {
        sections.last { $0.startTick <= tick }
    }

    func endTick(of section: Section) -> Int {
        section.endTick
    }

    /// Start ticks of every bar.
    var downbeatTicks: Set<Int> { Set(bars.map(\.startTick)) }
}
