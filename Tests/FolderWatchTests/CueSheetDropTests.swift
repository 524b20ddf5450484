import Foundation
import Testing

@testable import WatchConfiguration
@testable import WatchDaemon

/// What a cue sheet dropped into a watch folder becomes: a score in the folder's `format`.
@Suite("Cue sheets in watch folders")
struct CueSheetDropTests {
    @Test("a cue sheet's output is NAME.soundtrack.FORMAT; videos keep their container")
    func outputNames() {
        let root = FileManager.default.temporaryDirectory.appending(path: "cue-names-\(UUID().uuidString)").path
        var watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
        #expect(
            OutputNames.output(for: "\(root)/in/film/cues.txt", watch: watch) == "\(root)/out/film/cues.soundtrack.wav")
        watch.format = "mid"
        #expect(OutputNames.output(for: "\(root)/in/cues.JSON", watch: watch) == "\(root)/out/cues.soundtrack.mid")
        #expect(OutputNames.output(for: "\(root)/in/clip.mp4", watch: watch) == "\(root)/out/clip.soundtrack.mp4")
        // A recording is a song to re-style: it becomes music in the folder's format too.
        #expect(OutputNames.output(for: "\(root)/in/song.MP3", watch: watch) == "\(root)/out/song.soundtrack.mid")
        #expect(OutputNames.output(for: "\(root)/in/take.flac", watch: watch) == "\(root)/out/take.soundtrack.mid")
    }

    @Test("format is read from [[watch]] and checked, with its line")
    func formatKey() throws {
        let base =
            "[daemon]\nworkers = 1\n\n[[watch]]\ninput = \"/srv/in\"\noutput = \"/srv/out\"\nfailed = \"/srv/failed\"\n"
        #expect(try WatchConfig.parse(base, base: "/").folders.first?.format == "wav")
        #expect(try WatchConfig.parse(base + "format = \"mid\"\n", base: "/").folders.first?.format == "mid")
        #expect(try WatchConfig.parse(base + "format = \"m4a\"\n", base: "/").folders.first?.format == "m4a")
        #expect {
            try WatchConfig.parse(base + "format = \"ogg\"\n", base: "/")
        } throws: { error in
            "\(error)".contains("8") && "\(error)".contains("format must be one of \"wav\", \"m4a\"")
        }
    }
}
