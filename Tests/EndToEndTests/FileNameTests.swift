import Foundation
import TestSupport
import Testing

/// File names are bytes: a Latin-1 name from an old camera card is found and written as it is,
/// and a newline in a name never splits a message.
@Suite("File names that are not plain UTF-8")
struct FileNameTests {
    /// Runs `sh -c script` with the binary as `$0`, so that the script can pass names made of
    /// raw bytes (`printf 'caf\351.mp4'`), which a Swift `String` argument cannot carry.
    static func shell(_ script: String, in folder: URL) async throws -> ProcessResult {
        try await Subprocess.run(["sh", "-c", script, TestEnvironment.binary], in: folder)
    }

    @Test("A name with byte 0xE9 is read, and a non-UTF-8 -o is written under exactly that name")
    func latin1Names() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let renamed = try await Self.shell(#"mv clip.mp4 "$(printf 'caf\351.mp4')""#, in: folder.url)
        try #require(renamed.status == 0, "\(renamed.summary)")

        let result = try await Self.shell(
            #""$0" "$(printf 'caf\351.mp4')" -o "$(printf 'd\351j\340.mkv')""#, in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "d\\xE9j\\xE0.mkv\n", "\(result.standardOutputText)")
        let written = try await Self.shell(#"test -s "$(printf 'd\351j\340.mkv')" && ls | wc -l"#, in: folder.url)
        let listing = try folder.listing()
        #expect(
            written.status == 0 && written.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines) == "2",
            "the output is not under its byte name: \(written.summary) \(listing)")
    }

    @Test("A missing non-UTF-8 name exits 66 and shows the byte escaped")
    func missingLatin1Name() async throws {
        let folder = try TemporaryFolder()
        let result = try await Self.shell(#""$0" "$(printf 'caf\351.mp4')""#, in: folder.url)
        #expect(result.status == 66, "\(result.summary)")
        #expect(
            result.messageLines.count == 1 && result.messageLines.first?.contains(#"caf\xE9.mp4"#) == true,
            "\(result.messageLines)")
    }

    @Test("A newline in a name does not split the error, and the output line is one line")
    func newlineInName() async throws {
        let folder = try TemporaryFolder()
        let missing = try await Subprocess.soundtrack(["two\nlines.mp4"], in: folder.url)
        #expect(missing.status == 66, "\(missing.summary)")
        #expect(
            missing.messageLines.count == 1 && missing.messageLines.first?.contains(#"two\nlines.mp4"#) == true,
            "\(missing.messageLines)")

        _ = try await Clip.h264AAC.copy(into: folder.url, as: "a\nb.mp4")
        let result = try await Subprocess.soundtrack(["a\nb.mp4"], in: folder.url)
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "a\\nb.soundtrack.mp4\n", "\(result.standardOutputText)")
        #expect(try folder.listing() == ["a\nb.mp4", "a\nb.soundtrack.mp4"])
    }

    /// argument-parser reads "-dash.mp4" as short options (-d -a -s -h ...): it printed the help
    /// and exited 0 with nothing done, which a script takes for success.
    @Test("A file whose name starts with a dash gets one usage line and exit 64; ./-name is read")
    func leadingDash() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url, as: "-dash.mp4")
        let misread = try await Subprocess.soundtrack(["-q", "-dash.mp4"], in: folder.url)
        #expect(misread.status == 64, "\(misread.summary)")
        #expect(misread.standardOutputText.isEmpty, "\(misread.standardOutputText)")
        #expect(
            misread.messageLines.count == 1 && misread.messageLines.first?.contains("./-dash.mp4") == true,
            "\(misread.messageLines)")
        #expect(try folder.listing() == ["-dash.mp4"])

        let result = try await Subprocess.soundtrack(["./-dash.mp4"], in: folder.url)
        #expect(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["-dash.mp4", "-dash.soundtrack.mp4"])
    }
}
