import Analysis
import Composition
import Testing

/// A cue sheet composed: each cue's time is a cut, and a section starts on a downbeat there.
@Suite("Cue sheets in the score")
struct CueSheetScoreTests {
    @Test("each cue starts a section on a downbeat at its time; a cue close to another is still a downbeat",
          arguments: ["ambient", "cinematic", "electronic"])
    func cuesAreSectionStarts(style: String) throws {
        let text = "0:00 calm dawn over the harbour\n0:42 chase through the market\n1:30 triumph\n1:32.5 a hit\n"
        let sheet = try CueSheet(bytes: Array(text.utf8), format: .text)
        let analysis = AnalysisResult(cues: sheet, duration: 120)
        let score = Composer(style: style, seed: 3).compose(
            scenes: analysis.moodScenes, cuts: analysis.cuts, duration: analysis.duration)
        // The cue at 1:32.5 is 2.5 s after the one before: merged into its section, but a downbeat.
        #expect(score.sections.map(\.start).map { ($0 * 1000).rounded() / 1000 } == [0, 42, 90], "\(score.sections)")
        let downbeats = score.bars.map { score.tempoMap.seconds(atTick: $0.startTick) }
        for cue in sheet.cues {
            let nearest = downbeats.map { abs($0 - cue.seconds) }.min() ?? .infinity
            #expect(nearest < 0.001, "the cue at \(cue.seconds) is \(nearest) s from a downbeat")
        }
        #expect(abs(score.tempoMap.seconds(atTick: score.sections.last?.endTick ?? 0) - 120) < 0.001)
        // The chase is faster than the dawn.
        #expect(score.sections[1].bpm > score.sections[0].bpm, "\(score.sections.map(\.bpm))")
    }
}
