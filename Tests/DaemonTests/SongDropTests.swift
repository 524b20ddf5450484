import Foundation
import TestSupport
import Testing

/// The daemon takes a dropped MIDI file as a song: re-arranged in the folder's style, with its
/// bars and key kept, written in the folder's format.
@Suite("Daemon: songs", .serialized, .timeLimit(.minutes(4)))
struct SongDropTests {
    struct Found: Decodable, Equatable {
        struct Key: Decodable, Equatable { var name: String }
        var bars: Int
        var key: Key
    }

    @Test("a dropped MIDI song is re-styled in the folder's style, its bars and key kept")
    func midiSong() async throws {
        let harness = try DaemonHarness(watch: ["format = \"mid\"", "style = \"folk\""], settleSeconds: 0.5)
        let staging = try TemporaryFolder(prefix: "song")
        let song = staging.appending("tune.mid").path
        let made = try CommandResult.soundtrack([
            "--prompt", "a quiet evening by the sea", "--duration", "30", "--style", "piano", "-o", song, "-q",
        ])
        try #require(made.status == 0, "\(made.errors)")
        let written = try CommandResult.soundtrack(["analyze", song])
        try #require(written.status == 0, "\(written.errors)")

        let outputs = try await harness.dropOne(URL(filePath: song), as: "tune.mid")
        #expect(outputs == ["tune.soundtrack.mid"])
        let restyled = try CommandResult.soundtrack([
            "analyze", harness.output.appending(path: "tune.soundtrack.mid").path,
        ])
        try #require(restyled.status == 0, "\(restyled.errors)")
        let before = try JSONDecoder().decode(Found.self, from: Data(written.output.utf8))
        let after = try JSONDecoder().decode(Found.self, from: Data(restyled.output.utf8))
        #expect(before == after && before.bars >= 6, "written \(before), re-styled \(after)")
        // Its tracks are folk's: the picked guitar's name is in the file, the piano's is not.
        let bytes = try Data(contentsOf: harness.output.appending(path: "tune.soundtrack.mid"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Picked guitar") && !text.contains("Left hand"))
    }
}
