import Analysis
import Composition
import Foundation
import Testing

/// Runs the shared `midi-metrics` tool (MusPy and mido) on a written MIDI file: the file must read
/// back in a third-party reader, and the music must score like real music on MusPy's measures.
@Suite("MIDI metrics (shared tool)")
struct MIDIMetricsTests {
    /// `../shared/tools` beside the package root (this file is Tests/CompositionTests/ in it).
    static let toolDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/tools")

    static var toolsMissing: Bool {
        !FileManager.default.fileExists(atPath: toolDirectory.path)
    }

    @Test(
        "a multi-scene score meets the MusPy targets and puts its cuts on downbeats",
        .disabled(if: toolsMissing, "skipped: ../shared/tools (with midi-metrics) is not beside the package"),
        .timeLimit(.minutes(5)),
        arguments: ["auto", "piano", "electronic"])
    func metrics(style: String) throws {
        let score = Composer(style: style, seed: 1).compose(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("composition-metrics-\(style)-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let midi = folder.appendingPathComponent("score.mid")
        let cuts = folder.appendingPathComponent("cuts.json")
        try Data(MIDIFile.data(for: score)).write(to: midi)
        let sectionCuts = score.sections.dropFirst().map(\.start)
        try JSONSerialization.data(withJSONObject: ["cuts": sectionCuts]).write(to: cuts)

        let figures = try Self.run([midi.path, "--cuts", cuts.path], log: folder.appendingPathComponent("stderr.txt"))
        func number(_ key: String) -> Double? { (figures[key] as? NSNumber)?.doubleValue }
        let report = "\(style): \(figures)"
        #expect(number("scale_consistency").map { $0 >= 0.9 } == true, "\(report)")
        #expect(number("pitch_class_entropy").map { (2.6...3.4).contains($0) } == true, "\(report)")
        #expect(number("empty_beat_rate").map { $0 <= 0.05 } == true, "\(report)")
        #expect(number("groove_consistency").map { $0 >= 0.85 } == true, "\(report)")
        #expect(number("cuts_on_downbeat").map { $0 >= 0.98 } == true, "\(report)")
        #expect(number("duration").map { abs($0 - Fixtures.trailerDuration) < 0.001 } == true, "\(report)")
        #expect(number("tracks") == Double(score.tracks.count + 1), "\(report)")
        #expect((figures["drums"] as? Bool) == score.tracks.contains { $0.isDrums }, "\(report)")
    }

    /// Runs midi-metrics and returns the JSON object on its last line of output. Standard error
    /// (pip's output on first use) goes to `log`, so that neither pipe can fill up and block.
    static func run(_ arguments: [String], log: URL) throws -> [String: Any] {
        let process = Process()
        process.executableURL = toolDirectory.appendingPathComponent("midi-metrics")
        process.arguments = arguments
        let output = Pipe()
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw ToolFailure(description: "cannot create \(log.path)")
        }
        let errors = try FileHandle(forWritingTo: log)
        defer { try? errors.close() }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: log)) ?? Data()
        let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n")
        guard let last = lines.last,
            let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else {
            throw ToolFailure(
                description: "midi-metrics printed no JSON (exit \(process.terminationStatus)): "
                    + String(decoding: stderr, as: UTF8.self))
        }
        return object
    }

    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }
}
