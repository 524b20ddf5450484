import Foundation
import TestSupport
import Testing

/// The daemon takes recordings as songs: a dropped MP3 is heard and re-styled in the folder's
/// style, written in its format, as a dropped MIDI file is.
@Suite("Daemon: recordings", .serialized, .timeLimit(.minutes(4)))
struct RecordingDaemonTests {
    @Test("a dropped MP3 is re-styled in the folder's style and written as .mid with the bars heard in it")
    func recordingToMIDI() async throws {
        let harness = try DaemonHarness(watch: ["format = \"mid\"", "style = \"piano\""], settleSeconds: 0.5)
        let staging = try TemporaryFolder(prefix: "recording")
        let recording = staging.appending("walk.mp3").path
        let made = try CommandResult.soundtrack([
            "--prompt", "a bright morning walk", "--duration", "20", "-o", recording, "-q",
        ])
        try #require(made.status == 0, "\(made.errors)")
        let heard = try CommandResult.soundtrack(["analyze", recording])
        try #require(heard.status == 0, "\(heard.errors)")

        let outputs = try await harness.dropOne(URL(filePath: recording), as: "walk.mp3")
        #expect(outputs == ["walk.soundtrack.mid"])
        let restyled = try CommandResult.soundtrack([
            "analyze", harness.output.appending(path: "walk.soundtrack.mid").path,
        ])
        try #require(restyled.status == 0, "\(restyled.errors)")
        struct Bars: Decodable { var bars: Int }
        let heardBars = try JSONDecoder().decode(Bars.self, from: Data(heard.output.utf8)).bars
        let restyledBars = try JSONDecoder().decode(Bars.self, from: Data(restyled.output.utf8)).bars
        #expect(heardBars == restyledBars && heardBars >= 6, "heard \(heardBars), re-styled \(restyledBars)")
    }
}
