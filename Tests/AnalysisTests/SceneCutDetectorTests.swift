import Analysis
import Testing

/// The cut detector on pictures made in memory: where each kind of change is placed.
struct SceneCutDetectorTests {
    @Test func hardCutIsTheFirstFrameOfTheNewScene() {
        let cuts = Synthetic.cuts(frames: 75) { $0 < 37 ? Synthetic.scene(1) : { x, y in Synthetic.checker(x, y) } }
        #expect(cuts.count == 1)
        #expect(abs((cuts.first ?? -1) - 37 / Synthetic.rate) < 0.001)
    }

    @Test func flashesAreNotCuts() {
        let white: (Int, Int) -> (UInt8, UInt8, UInt8) = { _, _ in (255, 255, 255) }
        let cuts = Synthetic.cuts(frames: 75) { index in
            [20, 40, 41, 42].contains(index) ? white : Synthetic.scene(2, shift: index)
        }
        #expect(cuts.isEmpty, "\(cuts)")
    }

    @Test func steadyPanIsNotACut() {
        let cuts = Synthetic.cuts(frames: 75) { Synthetic.scene(3, shift: $0 * 3) }
        #expect(cuts.isEmpty, "\(cuts)")
    }

    @Test func fadeThroughBlackIsCutInTheMiddleOfTheBlack() {
        // Scene 1 fades out over frames 20..29, black 30..34, scene 5 fades in over 35..44.
        let cuts = Synthetic.cuts(frames: 75) { index in
            switch index {
            case ..<20: Synthetic.scene(1)
            case 20..<30: Synthetic.scene(1, gain: Double(29 - index) / 10)
            case 30..<35: { _, _ in (0, 0, 0) }
            case 35..<45: Synthetic.scene(5, gain: Double(index - 34) / 10)
            default: Synthetic.scene(5)
            }
        }
        #expect(cuts.count == 1, "\(cuts)")
        #expect(abs((cuts.first ?? -1) - 32 / Synthetic.rate) < 0.05, "\(cuts)")
    }

    @Test func dissolveIsCutWhereItCrossesOver() {
        // Frames 25..49 blend one scene into another: the middle is frame 37.
        let cuts = Synthetic.cuts(frames: 80) { index in
            let weight = min(1, max(0, Double(index - 24) / 26))
            return Synthetic.blend(Synthetic.scene(1, gain: 0.4), { x, y in Synthetic.checker(x, y) }, weight)
        }
        #expect(cuts.count == 1, "\(cuts)")
        #expect(abs((cuts.first ?? -1) - 37 / Synthetic.rate) < 0.1, "\(cuts)")
    }

    @Test func subRipCuesAreRead() {
        let document = "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>So sad</i>\r\nand alone\r\n\r\n2\n00:01:00.250 --> 00:01:01,000\nJoy!\n"
        let cues = SubRip.cues(in: document)
        #expect(cues == [
            SubRip.Cue(start: 1, end: 2.5, text: "So sad and alone"), SubRip.Cue(start: 60.25, end: 61, text: "Joy!"),
        ])
    }
}
