import Analysis
import Composition
import Testing

@testable import Pipeline

@Suite("Stage chain: mood timeline in, score out")
struct CompositionStageTests {
    static let timeline = MoodTimeline(
        duration: 24,
        scenes: [
            Scene(start: 0, end: 10, mood: Mood(valence: 0.4, arousal: -0.5, tension: 0.2, pace: 80, density: 0.3)),
            Scene(start: 10, end: 24, mood: Mood(valence: -0.2, arousal: 0.7, tension: 0.6, pace: 130, density: 0.8)),
        ],
        cuts: [10], styleHints: ["strings"])

    @Test("The first hint that names a style wins; instruments map to the style that has them")
    func hintsPickAStyle() {
        #expect(CompositionStage.style(forHints: ["drums", "piano", "electronic"]) == "piano")
        #expect(CompositionStage.style(forHints: ["strings"]) == "cinematic")
        #expect(CompositionStage.style(forHints: ["guitar"]) == "folk")
        #expect(CompositionStage.style(forHints: ["bass", "drums"]) == nil)
        #expect(CompositionStage.style(forHints: []) == nil)
    }

    @Test("A style asked for beats the hints; auto takes them")
    func askedStyleWins() {
        #expect(CompositionStage.style(asked: "folk", hints: ["piano"]) == "folk")
        #expect(CompositionStage.style(asked: "auto", hints: ["piano"]) == "piano")
        #expect(CompositionStage.style(asked: "auto", hints: []) == "auto")
    }

    @Test("The score runs the timeline's length, in the hinted style, and the same choices give the same score")
    func composesTheTimeline() throws {
        var options = JobOptions(input: "unused.mp4")
        options.seed = 5
        let score = CompositionStage.compose(Self.timeline, options: options)
        #expect(abs(score.duration - 24) < 0.001)
        #expect(score.style == "cinematic")
        #expect(score.cuts == [10])
        #expect(!score.tracks.isEmpty)
        let again = CompositionStage.compose(Self.timeline, options: options)
        #expect(MIDIFile.data(for: again) == MIDIFile.data(for: score))
        options.seed = 6
        #expect(MIDIFile.data(for: CompositionStage.compose(Self.timeline, options: options)) != MIDIFile.data(for: score))
    }

    @Test("A video's analysis becomes the timeline the composer reads")
    func timelineFromAnalysis() {
        var analysis = AnalysisResult(duration: 12.5, cuts: [3, 7.25], scenes: [], originalAudioSilent: true)
        analysis.hints = ["piano"]
        let timeline = MoodTimeline(analysis)
        #expect(timeline == MoodTimeline(duration: 12.5, scenes: [], cuts: [3, 7.25], styleHints: ["piano"]))
    }
}
