import Analysis
import Foundation
import TestSupport
import Testing

@testable import Composition

/// The MIDI file imports into notation software with its key changes where a musician expects
/// them: MuseScore 3 (Debian's `musescore3`, run headless) turns it into MusicXML, and every
/// instrument part carries the score's key signatures in order.
@Suite("Notation import (MuseScore 3)")
struct NotationImportTests {
    static var museScoreMissing: Bool {
        !FileManager.default.isExecutableFile(atPath: "/usr/bin/mscore3")
    }

    @Test(
        "MuseScore 3 keeps every key change in every pitched part",
        .disabled(if: museScoreMissing, "skipped: mscore3 is not installed (scripts/install-deps.sh installs it)"))
    func keyChangesSurvive() throws {
        let score = Composer(style: "folk", seed: 2).compose(
            scenes: Fixtures.trailer, cuts: Fixtures.cuts(of: Fixtures.trailer), duration: Fixtures.trailerDuration)
        var expected: [Int] = []
        for section in score.sections where expected.last != section.keySignature {
            expected.append(section.keySignature)
        }
        #expect(expected.count >= 2, "the fixture changes key: \(expected)")

        let scratch = try TemporaryFolder(prefix: "soundtrack-notation")
        let folder = scratch.url
        let midi = folder.appendingPathComponent("score.mid")
        let xml = folder.appendingPathComponent("score.musicxml")
        try Data(MIDIFile.data(for: score)).write(to: midi)

        let imported = try Subprocess.runBlocking(
            ["/usr/bin/mscore3", "-o", xml.path, midi.path],
            environment: ["QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": folder.path, "HOME": folder.path])
        #expect(imported.status == 0)

        let text = try String(contentsOf: xml, encoding: .utf8)
        let parts = text.components(separatedBy: "<part id=").dropFirst()
        let pitched = score.tracks.filter { !$0.isDrums }.count
        #expect(parts.count >= pitched)
        for (index, part) in parts.prefix(pitched).enumerated() {
            var keys: [Int] = []
            for piece in part.components(separatedBy: "<fifths>").dropFirst() {
                guard let value = Int(piece.prefix { $0 != "<" }) else { continue }
                if keys.last != value { keys.append(value) }
            }
            #expect(keys == expected, "part \(index + 1): \(keys), score: \(expected)")
        }
    }
}
