import Testing

@testable import Composition

/// The tune is played as a player would shape it: louder as it climbs, still shaped at the top of
/// a driven section, and out of the sustain pedal that holds the accompaniment.
@Suite("Melody phrasing")
struct PhrasingTests {
    /// The accent on each cell's first note (mostly its lowest) made every rising run fade as it
    /// climbed: within a section the tune's pitch and velocity correlated at -0.24 to -0.40.
    /// Ambient's delay repeats each note softer at the same pitch, and is left out.
    @Test(
        "inside a section the tune is louder where it is higher",
        arguments: Composer.styles.map(\.name).filter { $0 != "ambient" })
    func louderAsItClimbs(style: String) {
        var correlations: [Double] = []
        for seed: UInt64 in 1...5 {
            let score = Fixtures.trailerScore(style: style, seed: seed)
            guard let melody = score.tracks.first(where: { $0.name.hasPrefix("Melody") }) else { continue }
            for section in score.sections {
                let notes = melody.notes.filter { (section.startTick..<section.endTick).contains($0.startTick) }
                if let r = Self.correlation(notes.map { Double($0.pitch) }, notes.map { Double($0.velocity) }) {
                    correlations.append(r)
                }
            }
        }
        let mean = correlations.reduce(0, +) / Double(max(1, correlations.count))
        #expect(correlations.count >= 20)
        #expect(mean >= 0.2, "\(style): pitch and velocity correlate at \(mean) within sections")
    }

    /// The tune's velocity is its section's level (up to 104) plus the instrument's (up to 6),
    /// a cell's accent (4), the lift of its line (up to 12) and a touch of chance (4): up to 134,
    /// which the MIDI range cut to 127, so the busiest sections' loudest notes all sounded alike
    /// (a third of a driven piano tune's notes were at 120-127).
    @Test("the tune's loudest notes keep their differences under 127")
    func softTop() {
        let loudest = 104 + 6 + 4 + 4 + MelodyWriter.lift(4) + 4
        #expect(loudest > 127, "the top is reached: \(loudest)")
        #expect(MelodyWriter.softTop(loudest) <= 127)
        let shaped: [Int] = (90...loudest).map { MelodyWriter.softTop($0) }
        let rising = zip(shaped, shaped.dropFirst()).allSatisfy { pair in pair.0 <= pair.1 }
        #expect(rising, "louder stays louder")
        #expect(Set(shaped).count >= 25, "\(Set(shaped).count) levels from 90 to \(loudest)")
        #expect((0...100).allSatisfy { MelodyWriter.softTop($0) == $0 }, "quieter notes are untouched")
    }

    /// A stepwise tune held in the pedal rang on as a cluster of seconds (F5 and E5 together for
    /// 1.7 s over a D minor chord).
    @Test("the piano's pedal holds the left hand, not the tune")
    func pedalUnderTheAccompaniment() throws {
        let score = Fixtures.trailerScore(style: "piano", seed: 7)
        let melody = try #require(score.tracks.first { $0.name.hasPrefix("Melody") })
        let leftHand = try #require(score.tracks.first { $0.name.hasPrefix("Left hand") })
        #expect(!melody.controls.contains { $0.controller == ControlChange.sustain })
        #expect(leftHand.controls.filter { $0.controller == ControlChange.sustain }.count >= 20)
    }

    /// The stems of a driven clip had the left hand's running sixteenths 3.2 LU over the tune
    /// (session 26's review); they are played under it, whatever the intensity's scaling.
    @Test("the piano's running sixteenths are played well under the tune")
    func sixteenthsUnderTheTune() throws {
        let scenes = Fixtures.single(seconds: 40, valence: 0.3, arousal: 0.9, tension: 0.5)
        let score = Composer(style: "piano", seed: 3).compose(scenes: scenes, cuts: [], duration: 40)
        #expect(score.sections.allSatisfy { $0.level >= 3 }, "\(score.sections.map(\.level))")
        func meanVelocity(_ prefix: String) throws -> Double {
            let notes = try #require(score.tracks.first { $0.name.hasPrefix(prefix) }).notes
            return Double(notes.map(\.velocity).reduce(0, +)) / Double(notes.count)
        }
        let tune = try meanVelocity("Melody")
        let leftHand = try meanVelocity("Left hand")
        #expect(tune - leftHand >= 30, "tune \(tune), left hand \(leftHand)")
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count >= 3 else { return nil }
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
