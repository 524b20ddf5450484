import Analysis
import Testing

@testable import Composition

@Suite("Section planning")
struct SectionPlannerTests {
    typealias Span = SectionPlanner.Span

    @Test("scenes shorter than the minimum are merged, moods averaged by duration")
    func mergesShortScenes() {
        let spans = SectionPlanner.spans(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        #expect(spans.count < Fixtures.trailer.count)
        #expect(spans.allSatisfy { $0.seconds >= SectionPlanner.minimumSeconds })
        #expect(spans.first?.start == 0)
        #expect(spans.last?.end == Fixtures.trailerDuration)
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            #expect(earlier.end == later.start)
            #expect(Fixtures.cuts(of: Fixtures.trailer).contains(later.start), "sections start only at cuts")
        }

        let merged = SectionPlanner.mergingShort([
            Span(start: 0, end: 6, mood: Mood(valence: 0, arousal: -0.6, tension: 0, pace: 100, density: 0)),
            Span(start: 6, end: 8, mood: Mood(valence: 1, arousal: 0.9, tension: 1, pace: 100, density: 1)),
            Span(start: 8, end: 20, mood: .neutral),
        ])
        #expect(merged.count == 2)
        #expect(merged[0].end == 8)
        #expect(abs(merged[0].mood.arousal - (6 * -0.6 + 2 * 0.9) / 8) < 1e-12)
        #expect(abs(merged[0].mood.valence - 0.25) < 1e-12)
    }

    @Test("a video shorter than the minimum is one section")
    func shortVideo() {
        let spans = SectionPlanner.spans(
            scenes: [Fixtures.scene(0, 1, valence: 0, arousal: 0), Fixtures.scene(1, 2.5, valence: 1, arousal: 1)],
            cuts: [1], duration: 2.5)
        #expect(spans.count == 1)
        #expect(spans[0].start == 0 && spans[0].end == 2.5)
    }

    @Test("without scenes, the cuts still make sections")
    func cutsWithoutScenes() {
        let spans = SectionPlanner.spans(scenes: [], cuts: [10, 20], duration: 30)
        #expect(spans.map(\.start) == [0, 10, 20])
    }

    @Test("the mood's tempo is 100 + 35 arousal + 7 valence, clamped to 60...160")
    func targetTempo() {
        #expect(SectionPlanner.targetBPM(for: Mood(valence: 0, arousal: 0, tension: 0, pace: 100, density: 0)) == 100)
        #expect(
            SectionPlanner.targetBPM(for: Mood(valence: 1, arousal: 0.5, tension: 0, pace: 100, density: 0)) == 124.5)
        #expect(SectionPlanner.targetBPM(for: Mood(valence: -1, arousal: -1, tension: 0, pace: 100, density: 0)) == 60)
        #expect(SectionPlanner.targetBPM(for: Mood(valence: 1, arousal: 1, tension: 0, pace: 100, density: 0)) == 142)
    }

    @Test(
        "bar counts give tempos near the mood's, or the nearest a short section allows",
        arguments: [UInt64(1), 2, 3, 4, 5])
    func barsFitTempo(seed: UInt64) {
        let scenes = Fixtures.randomScenes(seed: seed, duration: 300)
        let spans = SectionPlanner.spans(scenes: scenes, cuts: Fixtures.cuts(of: scenes), duration: 300)
        let bars = SectionPlanner.bars(for: spans, beatsPerBar: 4)
        #expect(bars.count == spans.count)
        for (span, count) in zip(spans, bars) {
            let bpm = Double(count * 4) * 60 / span.seconds
            let target = SectionPlanner.targetBPM(for: span.mood)
            let ideal = target * span.seconds / 240
            let nearest = count == Int(ideal.rounded(.down)) || count == Int(ideal.rounded(.up))
            #expect(count >= 1)
            #expect((bpm >= target * 0.75 && bpm <= target * 1.25) || nearest, "\(bpm) bpm for a \(target) bpm mood")
        }
    }

    @Test("neighbouring tempos are pulled together, keeping their order")
    func tempoSmoothing() {
        func span(_ start: Double, _ end: Double, arousal: Double) -> Span {
            Span(start: start, end: end, mood: Mood(valence: 0, arousal: arousal, tension: 0, pace: 100, density: 0))
        }
        let spans = [span(0, 60, arousal: -0.9), span(60, 120, arousal: 0.9)]
        let bars = SectionPlanner.bars(for: spans, beatsPerBar: 4)
        let tempos = zip(spans, bars).map { Double($1 * 4) * 60 / $0.seconds }
        let targets = spans.map { SectionPlanner.targetBPM(for: $0.mood) }
        #expect(tempos[0] > targets[0] && tempos[1] < targets[1])
        #expect(tempos[1] > tempos[0] * 1.3)
    }
}
