import Foundation
import TestSupport
import Testing

@testable import Rendering

@Suite struct SoundFontLocatorTests {
    /// A scratch file that is removed when the test ends.
    private final class TemporaryFile {
        private let folder: TemporaryFolder
        let path: String
        /// By default a RIFF `sfbk` header declaring 4 bytes and nothing more: enough for the locator's check.
        init(contents: String = "RIFF\u{4}\u{0}\u{0}\u{0}sfbk") throws {
            folder = try TemporaryFolder(prefix: "soundtrack-soundfont")
            path = folder.path("font.sf2")
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func findsAnInstalledGeneralMIDIFont() throws {
        let path = try SoundFontLocator.locate(
            explicit: nil, environment: [:], candidates: SoundFontLocator.candidates)
        #expect(FileManager.default.isReadableFile(atPath: path))
        #expect(path.hasSuffix(".sf2") || path.hasSuffix(".sf3"))
    }

    @Test func prefersTheFirstCandidateThatExists() throws {
        let file = try TemporaryFile()
        let path = try SoundFontLocator.locate(
            explicit: nil, environment: [:],
            candidates: ["/nonexistent/a.sf2", file.path, "/usr/share/sounds/sf2/TimGM6mb.sf2"])
        #expect(path == file.path)
    }

    @Test func explicitPathWinsOverEnvironment() throws {
        let explicit = try TemporaryFile()
        let fromEnvironment = try TemporaryFile()
        let path = try SoundFontLocator.locate(
            explicit: explicit.path, environment: [SoundFontLocator.environmentVariable: fromEnvironment.path],
            candidates: [])
        #expect(path == explicit.path)
    }

    @Test func environmentVariableIsHonoured() throws {
        let file = try TemporaryFile()
        let path = try SoundFontLocator.locate(
            explicit: nil, environment: [SoundFontLocator.environmentVariable: file.path],
            candidates: SoundFontLocator.candidates)
        #expect(path == file.path)
    }

    @Test func missingExplicitFileIsAnError() {
        #expect(throws: RenderingError.soundFontUnreadable(path: "/nonexistent/font.sf2", origin: "--soundfont")) {
            try SoundFontLocator.locate(explicit: "/nonexistent/font.sf2", environment: [:], candidates: [])
        }
    }

    @Test func fileWithoutSoundFontHeaderIsRefusedBeforeFluidSynthSeesIt() throws {
        let text = try TemporaryFile(contents: "just some text\n")
        #expect(throws: RenderingError.notASoundFont(path: text.path, origin: "--soundfont")) {
            try SoundFontLocator.locate(explicit: text.path, environment: [:], candidates: [])
        }
        let real = try TemporaryFile()
        #expect(try SoundFontLocator.locate(explicit: nil, environment: [:], candidates: [text.path, real.path]) == real.path)
    }

    @Test func directoryIsNotASoundFont() {
        #expect(throws: RenderingError.self) {
            try SoundFontLocator.locate(explicit: "/tmp", environment: [:], candidates: [])
        }
    }

    @Test func badEnvironmentPathIsAnErrorNotIgnored() {
        #expect(throws: RenderingError.self) {
            try SoundFontLocator.locate(
                explicit: nil, environment: [SoundFontLocator.environmentVariable: "/nonexistent.sf3"],
                candidates: SoundFontLocator.candidates)
        }
    }

    @Test func noFontTellsWhatToInstall() {
        do {
            _ = try SoundFontLocator.locate(explicit: nil, environment: [:], candidates: ["/nonexistent/x.sf2"])
            Issue.record("expected an error")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("no General MIDI SoundFont found"))
            #expect(message.contains("timgm6mb-soundfont"))
            #expect(message.contains("--soundfont"))
        }
    }

    @Test func fileThatIsNotASoundFontIsRejectedByTheRenderer() throws {
        let file = try TemporaryFile()
        #expect(throws: RenderingError.soundFontInvalid(path: file.path)) {
            _ = try ScoreRenderer(soundFontPath: file.path)
        }
    }
}
