import Analysis
import Composition
import Foundation
import TestSupport
import Testing

/// Runs the shared `midi-metrics` tool (MusPy and mido) on a written MIDI file: the file must read
/// back in a third-party reader, and the music must score like real music on MusPy's measures.
@Suite("MIDI metrics (shared tool)")
struct MIDIMetricsTests {
    /// `../shared/tools` beside the package root.
    static let toolDirectory = TestEnvironment.shared.appending(path: "tools")

    static var toolsMissing: Bool {
        !FileManager.default.fileExists(atPath: toolDirectory.path)
    }

    /// The inputs: the trailer fixture in four styles, and two random multi-scene videos with
    /// montages (scenes under the minimum section length).
    static let cases: [(name: String, style: String, scenes: [Scene], duration: Double)] = [
        ("trailer", "auto", Fixtures.trailer, Fixtures.trailerDuration),
        ("trailer", "piano", Fixtures.trailer, Fixtures.trailerDuration),
        ("trailer", "electronic", Fixtures.trailer, Fixtures.trailerDuration),
        // Lo-fi swings and lags its Rhodes: the hardest groove for MusPy's fixed grid.
        ("trailer", "lofi", Fixtures.trailer, Fixtures.trailerDuration),
        ("random 7", "auto", Fixtures.randomScenes(seed: 7, duration: 150), 150),
        ("random 8", "cinematic", Fixtures.randomScenes(seed: 8, duration: 150), 150),
    ]

    @Test(
        "a multi-scene score meets the MusPy targets and puts every cut on a downbeat",
        .disabled(if: toolsMissing, "skipped: ../shared/tools (with midi-metrics) is not beside the package"),
        .timeLimit(.minutes(5)),
        arguments: cases.indices)
    func metrics(index: Int) throws {
        let (name, style, scenes, duration) = Self.cases[index]
        let cutList = Fixtures.cuts(of: scenes)
        let score = Composer(style: style, seed: 1).compose(scenes: scenes, cuts: cutList, duration: duration)
        let scratch = try TemporaryFolder(prefix: "soundtrack-composition-metrics")
        let folder = scratch.url
        let midi = folder.appendingPathComponent("score.mid")
        let cuts = folder.appendingPathComponent("cuts.json")
        try Data(MIDIFile.data(for: score)).write(to: midi)
        // Every cut, as the report lists them: section starts and montage cuts alike.
        try JSONSerialization.data(withJSONObject: ["cuts": cutList]).write(to: cuts)
        #expect(cutList.count > score.sections.count, "the input has montage cuts")

        let figures = try Self.run([midi.path, "--cuts", cuts.path])
        func number(_ key: String) -> Double? { (figures[key] as? NSNumber)?.doubleValue }
        let report = "\(name) \(style): \(figures)"
        #expect(number("scale_consistency").map { $0 >= 0.9 } == true, "\(report)")
        #expect(number("pitch_class_entropy").map { (2.6...3.4).contains($0) } == true, "\(report)")
        #expect(number("empty_beat_rate").map { $0 <= 0.05 } == true, "\(report)")
        #expect(number("groove_consistency").map { $0 >= 0.85 } == true, "\(report)")
        #expect(number("cuts") == Double(cutList.count), "\(report)")
        #expect(number("cuts_on_downbeat").map { $0 >= 0.98 } == true, "\(report)")
        #expect(number("duration").map { abs($0 - duration) < 0.001 } == true, "\(report)")
        #expect(number("tracks") == Double(score.tracks.count + 1), "\(report)")
        #expect((figures["drums"] as? Bool) == score.tracks.contains { $0.isDrums }, "\(report)")
        #expect((figures["time_signatures"] as? [String])?.first == "4/4", "\(report)")
    }

    /// Runs midi-metrics (or another shared tool) and returns the JSON object on its last line
    /// of output. No time limit: the first use installs its Python packages.
    static func run(_ arguments: [String], tool: String = "midi-metrics") throws -> [String: Any] {
        let result = try Subprocess.runBlocking(
            [toolDirectory.appendingPathComponent(tool).path] + arguments, timeoutSeconds: nil)
        let lines = result.standardOutputText.split(separator: "\n")
        guard let last = lines.last,
            let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else {
            throw ToolFailure(description: "\(tool) printed no JSON (exit \(result.status)): \(result.standardError)")
        }
        return object
    }

    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }
}
