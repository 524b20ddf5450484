import Composition
import Foundation
import MediaIO
import Pipeline
import TestSupport
import Testing

/// Songs written and rendered by the test (several SoundFonts, with and without drums, 70-160
/// bpm, one in 3/4, one slowing down, one after 1.3 s of silence), heard from WAV and MP3 and compared with what was
/// written: tempo, key, the chord on each beat, and where the bars start.
@Suite struct HeardSongTests {
    static let fluid = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
    static let small = "/usr/share/sounds/sf2/TimGM6mb.sf2"
    static let popMajor: [(offset: Int, major: Bool)] = [(0, true), (9, false), (5, true), (7, true)]
    static let cadence: [(offset: Int, major: Bool)] = [(0, true), (5, true), (7, true), (0, true)]
    static let minor: [(offset: Int, major: Bool)] = [(0, false), (5, false), (7, true), (0, false)]
    static let minorRock: [(offset: Int, major: Bool)] = [(0, false), (8, true), (3, true), (10, true)]

    static func songs() -> [RenderedSong] {
        func bars(_ bpm: Double, _ beatsPerBar: Int = 4) -> Int { max(8, Int(24 * bpm / 60) / beatsPerBar) }
        var ritardando = RenderedSong(
            name: "ritardando-110-80", tonic: 5, isMajor: true, progression: cadence, bars: 12,
            bpm: { beat in
                beat < 24 ? 110 : 110 - 30 * Double(beat - 24) / 23
            }, drums: false, soundFont: fluid, mp3: true)
        ritardando.leadProgram = 40
        var pickup = RenderedSong(
            name: "c-minor-92-lead-in", tonic: 0, isMajor: false, progression: minor, bars: bars(92), bpm: { _ in 92 },
            drums: true, soundFont: small, mp3: false)
        pickup.leadIn = 1.3
        return [
            RenderedSong(
                name: "c-major-100-drums", tonic: 0, isMajor: true, progression: popMajor, bars: bars(100),
                bpm: { _ in 100 }, drums: true, soundFont: fluid, mp3: false),
            RenderedSong(
                name: "g-major-70", tonic: 7, isMajor: true, progression: cadence, bars: bars(70), bpm: { _ in 70 },
                drums: false, soundFont: small, mp3: true),
            RenderedSong(
                name: "d-major-132-drums", tonic: 2, isMajor: true, progression: popMajor, bars: bars(132),
                bpm: { _ in 132 }, drums: true, soundFont: small, mp3: false),
            RenderedSong(
                name: "a-minor-84", tonic: 9, isMajor: false, progression: minor, bars: bars(84), bpm: { _ in 84 },
                drums: false, soundFont: fluid, mp3: false),
            RenderedSong(
                name: "e-minor-144-drums", tonic: 4, isMajor: false, progression: minorRock, bars: bars(144),
                bpm: { _ in 144 }, drums: true, soundFont: fluid, mp3: true),
            RenderedSong(
                name: "bb-major-160", tonic: 10, isMajor: true, progression: popMajor, bars: bars(160),
                bpm: { _ in 160 }, drums: false, soundFont: fluid, mp3: false),
            RenderedSong(
                name: "eb-major-96-waltz", tonic: 3, isMajor: true, progression: cadence, beatsPerBar: 3,
                bars: bars(96, 3), bpm: { _ in 96 }, drums: false, soundFont: fluid, mp3: false),
            RenderedSong(
                name: "d-minor-120-drums", tonic: 2, isMajor: false, progression: minorRock, bars: bars(120),
                bpm: { _ in 120 }, drums: true, soundFont: small, mp3: true),
            RenderedSong(
                name: "a-major-108", tonic: 9, isMajor: true, progression: popMajor, bars: bars(108), bpm: { _ in 108 },
                drums: false, soundFont: small, mp3: false),
            ritardando, pickup,
        ]
    }

    struct Figures: CustomStringConvertible {
        var name: String
        var tempoError: Double
        var keyRight: Bool
        var key: String
        var chordAgreement: Double
        var downbeatsWithin70ms: Double
        var melodyAgreement: Double
        var sections: String
        var description: String {
            String(
                format:
                    "%@: tempo off by %.2f %%, key %@ (%@), chords %.0f %% of beats, downbeats %.0f %% of bars within 70 ms, "
                    + "melody pitch %.0f %% of beats, sections %@",
                name, 100 * tempoError, key, keyRight ? "right" : "wrong", 100 * chordAgreement,
                100 * downbeatsWithin70ms,
                100 * melodyAgreement, sections)
        }
    }

    static func figures(for written: RenderedSong, path: String) throws -> Figures {
        let analysis = try SongInput.analysis(at: path, melodyTrack: nil)
        let tempoMap = analysis.song.tempoMap
        let truth = written.beatTimes
        // Tempo: in each written bar, the beats the heard tempo map counts, against those written.
        var errors: [Double] = []
        for bar in 0..<written.bars {
            let start = truth[bar * written.beatsPerBar]
            let end = truth[(bar + 1) * written.beatsPerBar]
            let heardBeats = Double(tempoMap.tick(atSeconds: end) - tempoMap.tick(atSeconds: start)) / 480
            errors.append(abs(heardBeats / Double(written.beatsPerBar) - 1))
        }
        errors.sort()
        let tempoError = errors[errors.count / 2]
        // Chords: the chord heard in the middle of each beat against the one written.
        var agreeing = 0
        var melodic = 0
        for beat in 0..<written.beatCount {
            let middle = (truth[beat] + truth[beat + 1]) / 2
            let tick = tempoMap.tick(atSeconds: middle)
            let heard = analysis.chord(atTick: tick)
            let wanted = written.chord(onBeat: beat)
            if let heard, heard.root == wanted.root, (heard.quality.triad == .major) == wanted.major { agreeing += 1 }
            let sung = analysis.melody.first { $0.startTick <= tick && $0.endTick > tick }
            if sung?.pitch == written.leadPitch(onBeat: beat) { melodic += 1 }
        }
        // Downbeats: each written bar's start against the nearest bar start heard.
        let heardStarts = analysis.bars.map { tempoMap.seconds(atTick: $0.startTick) }
        var near = 0
        for bar in 0..<written.bars {
            let time = truth[bar * written.beatsPerBar]
            if heardStarts.contains(where: { abs($0 - time) <= 0.07 }) { near += 1 }
        }
        let keyRight = analysis.key.tonic == written.tonic && analysis.key.isMajor == written.isMajor
        return Figures(
            name: written.name + (written.mp3 ? ".mp3" : ".wav"), tempoError: tempoError, keyRight: keyRight,
            key: analysis.key.name, chordAgreement: Double(agreeing) / Double(written.beatCount),
            downbeatsWithin70ms: Double(near) / Double(written.bars),
            melodyAgreement: Double(melodic) / Double(written.beatCount),
            sections: analysis.sections.map(\.label).joined())
    }

    @Test func renderedSongsAreHeardAsWritten() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-heard-songs")
        let folder = scratch.url.path
        var all: [Figures] = []
        for song in Self.songs() {
            let figures = try Self.figures(for: song, path: try song.render(in: folder))
            print(figures)
            all.append(figures)
            #expect(figures.tempoError <= 0.02, "\(figures)")
            #expect(figures.chordAgreement >= 0.75, "\(figures)")
            #expect(figures.downbeatsWithin70ms >= 0.9, "\(figures)")
            #expect(figures.melodyAgreement >= 0.7, "\(figures)")
        }
        #expect(all.count { $0.keyRight } >= all.count - 1, "\(all.map(\.description))")
    }
}
