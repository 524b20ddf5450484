import Foundation
import TestSupport
import Testing

/// Failures: one clear line on stderr, the sysexits code, and nothing left behind.
@Suite("Bad input and unwritable output")
struct BadInputTests {
    // MARK: Inputs

    @Test("A missing input exits 66", arguments: [[String](), ["analyze"]])
    func missingInput(_ subcommand: [String]) async throws {
        let folder = try TemporaryFolder()
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(subcommand + ["missing.mp4"], in: folder.url)
        try Self.expectFailure(result, status: 66, mentioning: "missing.mp4", folder: folder, listing: before)
    }

    @Test("A text file named .mp4 exits 65", arguments: [[String](), ["analyze"]])
    func textFile(_ subcommand: [String]) async throws {
        let folder = try TemporaryFolder()
        try Data("this is not a video\n".utf8).write(to: folder.appending("notes.mp4"))
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(subcommand + ["notes.mp4"], in: folder.url)
        try Self.expectFailure(result, status: 65, mentioning: "notes.mp4", folder: folder, listing: before)
    }

    /// A file that FFmpeg would auto-detect as something that opens other files.
    struct ReferringFile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var sibling: String
        var testDescription: String
    }

    static let referringFiles = [
        ReferringFile(
            name: "x.mp4",
            text: "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nsegment.ts\n#EXT-X-ENDLIST\n",
            sibling: "segment.ts", testDescription: "HLS playlist named x.mp4"),
        ReferringFile(
            name: "y.mp4", text: "ffconcat version 1.0\nfile sibling.mp4\n", sibling: "sibling.mp4",
            testDescription: "ffconcat script named y.mp4"),
    ]

    @Test(
        "A playlist or concat script is refused (65) without opening the file it names",
        .enabled(if: TestEnvironment.hasTool("strace"), "strace is not installed (apt-get install strace); skipped"),
        arguments: referringFiles)
    func fileThatRefersToOthers(_ referring: ReferringFile) async throws {
        let folder = try TemporaryFolder()
        let traceFolder = try TemporaryFolder(prefix: "soundtrack-trace")
        let sibling = try await Clip.h264AAC.copy(into: folder.url, as: "sibling-source.mp4")
        if referring.sibling.hasSuffix(".ts") {
            try await Subprocess.ffmpeg(
                ["-i", sibling.path, "-c", "copy", "-f", "mpegts", referring.sibling], in: folder.url)
            try FileManager.default.removeItem(at: sibling)
        } else {
            try FileManager.default.moveItem(at: sibling, to: folder.appending(referring.sibling))
        }
        try Data(referring.text.utf8).write(to: folder.appending(referring.name))
        let before = try folder.listing()
        let trace = traceFolder.appending("trace.txt")

        let result = try await Subprocess.run(
            [
                "strace", "-f", "-qq", "-e", "trace=openat,open", "-o", trace.path, TestEnvironment.binary,
                referring.name,
            ],
            in: folder.url)

        try Self.expectFailure(result, status: 65, mentioning: referring.name, folder: folder, listing: before)
        let opens = try String(contentsOf: trace, encoding: .utf8)
        try #require(opens.contains("\(referring.name)\""), "the trace does not show the input being opened")
        let siblingOpens = opens.split(separator: "\n").filter { $0.contains(referring.sibling) }
        #expect(siblingOpens.isEmpty, "the sibling was opened")
    }

    @Test("A symlink given as input is refused (66), not followed")
    func symlinkInput() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appending("link.mp4").path, withDestinationPath: "clip.mp4")
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(["link.mp4"], in: folder.url)
        try Self.expectFailure(result, status: 66, mentioning: "link.mp4", folder: folder, listing: before)
    }

    // MARK: Existing outputs

    static let claimedNames = ["clip.soundtrack.mp4", "score.mid", "report.json"]

    @Test("An existing output, MIDI or report file is left alone without --force (73)", arguments: claimedNames)
    func existingOutputWithoutForce(_ taken: String) async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        try Data("precious bytes, not ours\n".utf8).write(to: folder.appending(taken))
        let precious = try FileFingerprint(folder.appending(taken))
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(
            ["clip.mp4", "--midi", "score.mid", "--report", "report.json"], in: folder.url)

        try Self.expectFailure(result, status: 73, mentioning: taken, folder: folder, listing: before)
        #expect(try FileFingerprint(folder.appending(taken)) == precious)
        #expect(result.messageLines.first?.contains("--force") == true, "the message should say what to do")
    }

    @Test("--force replaces an existing output and leaves nothing else behind")
    func existingOutputWithForce() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let output = folder.appending("clip.soundtrack.mp4")
        try Data("an old output\n".utf8).write(to: output)
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(["clip.mp4", "--force"], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == before)
        let probe = try await MediaProbe.probe(output)
        #expect(probe.video?.codecName == "h264")
        #expect(probe.streams("audio").count == 2)
    }

    @Test("--force never replaces the input itself (73)")
    func outputIsTheInput() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.h264AAC.copy(into: folder.url)
        let original = try FileFingerprint(input)
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(["clip.mp4", "-o", "clip.mp4", "--force"], in: folder.url)
        try Self.expectFailure(result, status: 73, mentioning: "clip.mp4", folder: folder, listing: before)
        #expect(try FileFingerprint(input) == original)
    }

    /// `-o out/` names a folder; one that is missing used to get "unknown kind of output" and
    /// exit 64, as if the name were a file's with a wrong extension.
    @Test("-o naming a missing folder says the folder does not exist (73)")
    func missingOutputFolder() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let before = try folder.listing()
        let result = try await Subprocess.soundtrack(["clip.mp4", "-o", "out/"], in: folder.url)
        try Self.expectFailure(result, status: 73, mentioning: "out/", folder: folder, listing: before)
        #expect(result.messageLines.first?.contains("the folder does not exist") == true, "\(result.messageLines)")
    }

    /// `--midi x.mid -o x.mid` ran the whole job, published the output, then failed (73) on the
    /// score's name it had just taken, leaving a file behind.
    @Test("Two outputs under one name exit 64 before any work, and write nothing")
    func outputsShareAName() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let before = try folder.listing()
        let same = try await Subprocess.soundtrack(["clip.mp4", "--midi", "out.mid", "-o", "out.mid"], in: folder.url)
        try Self.expectFailure(same, status: 64, mentioning: "out.mid", folder: folder, listing: before)
        let spelled = try await Subprocess.soundtrack(
            ["clip.mp4", "--report", "./notes.json", "--midi", "notes.json", "-o", "out.mp4"], in: folder.url)
        try Self.expectFailure(spelled, status: 64, mentioning: "notes.json", folder: folder, listing: before)
    }

    @Test("--force on a symlinked output name never writes through the link")
    func forceOnSymlinkedOutput() async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let victim = folder.appending("victim.txt")
        try Data("must survive\n".utf8).write(to: victim)
        let fingerprint = try FileFingerprint(victim)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appending("out.mp4").path, withDestinationPath: "victim.txt")

        let result = try await Subprocess.soundtrack(["clip.mp4", "-o", "out.mp4", "--force"], in: folder.url)

        #expect([0, 73].contains(result.status), "\(result.summary)")
        #expect(try FileFingerprint(victim) == fingerprint, "the file behind the link was overwritten")
        #expect(try folder.listing() == ["clip.mp4", "out.mp4", "victim.txt"])
    }

    // MARK: Unwritable and full output folders

    @Test(
        "A read-only output folder exits 73 and writes nothing",
        .enabled(if: TestEnvironment.canMountReadOnlyPrivately, "cannot make a private read-only mount here; skipped"))
    func readOnlyFolder() async throws {
        let folder = try TemporaryFolder()
        let media = try folder.subfolder("media")
        _ = try await Clip.h264AAC.copy(into: media)
        let before = try FileManager.default.contentsOfDirectory(atPath: media.path).sorted()

        let (result, listing) = try await PrivateMount.run(
            .readOnlyBind, at: media, command: [TestEnvironment.binary, media.appending(path: "clip.mp4").path])

        #expect(result.status == 73, "\(result.summary)")
        #expect(
            result.messageLines.count == 1 && result.messageLines.first?.contains("clip.soundtrack.mp4") == true,
            "\(result.messageLines)")
        #expect(listing == before)
    }

    struct FullDisk: Sendable, CustomTestStringConvertible {
        var size: String
        var clip: Clip
        var testDescription: String
    }

    static let fullDisks = [
        FullDisk(size: "1m", clip: .h264AAC, testDescription: "1 MB tmpfs: no room for the temporary audio"),
        FullDisk(size: "4m", clip: .large, testDescription: "4 MB tmpfs: room for the temporary audio, not the output"),
    ]

    @Test(
        "A full disk exits 73 and leaves no partial file",
        .enabled(if: TestEnvironment.canMountReadOnlyPrivately, "cannot mount a private tmpfs here; skipped"),
        arguments: fullDisks)
    func fullDisk(_ disk: FullDisk) async throws {
        let folder = try TemporaryFolder()
        let input = try await disk.clip.copy(into: folder.url)
        let target = try folder.subfolder("full")

        let (result, listing) = try await PrivateMount.run(
            .tmpfs(size: disk.size), at: target,
            command: [TestEnvironment.binary, input.path, "-o", target.appending(path: "out.mp4").path])

        #expect(result.status == 73, "\(result.summary)")
        #expect(result.messageLines.count == 1, "\(result.messageLines)")
        // The person needs to know where space ran out: the line names the output (or its folder).
        #expect(result.messageLines.first?.contains(target.path) == true, "\(result.messageLines)")
        #expect(listing == [], "left in the full folder: \(listing)")
    }

    @Test(
        "A job that fails for lack of space leaves no MIDI or report behind either",
        .enabled(if: TestEnvironment.canMountReadOnlyPrivately, "cannot mount a private tmpfs here; skipped"))
    func fullDiskWithSideFiles() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.large.copy(into: folder.url)
        let target = try folder.subfolder("full")

        let (result, listing) = try await PrivateMount.run(
            .tmpfs(size: "4m"), at: target,
            command: [
                TestEnvironment.binary, input.path, "-o", target.appending(path: "out.mp4").path,
                "--midi", target.appending(path: "score.mid").path, "--report",
                target.appending(path: "report.json").path,
            ])

        #expect(result.status == 73, "\(result.summary)")
        #expect(listing == [], "left in the full folder: \(listing)")
    }

    // MARK: Usage

    struct UsageError: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var mentions: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usageErrors = [
        UsageError(arguments: ["--lufs", "loud"], mentions: "--lufs"),
        UsageError(arguments: ["--lufs", "10"], mentions: "--lufs"),
        UsageError(arguments: ["--style", "polka"], mentions: "polka"),
        UsageError(arguments: ["--audio", "louder"], mentions: "louder"),
        UsageError(arguments: ["-o", "out.avi"], mentions: "out.avi"),
    ]

    @Test("A bad option value exits 64 and says which", arguments: usageErrors)
    func usage(_ usage: UsageError) async throws {
        let folder = try TemporaryFolder()
        _ = try await Clip.h264AAC.copy(into: folder.url)
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack(["clip.mp4"] + usage.arguments, in: folder.url)

        #expect(result.status == 64, "\(result.summary)")
        #expect(result.standardOutput.isEmpty)
        // argument-parser follows its one "Error: ..." line with the usage synopsis.
        let errors = result.messageLines.filter { $0.hasPrefix("Error:") || $0.hasPrefix("soundtrack:") }
        #expect(errors.count == 1 && errors.first == result.messageLines.first, "\(result.messageLines)")
        #expect(errors.first?.contains(usage.mentions) == true, "\(result.messageLines)")
        #expect(try folder.listing() == before)
    }

    // MARK: Helpers

    /// The status, one message line naming the file (and no raw FFmpeg error text), no stdout,
    /// and the folder exactly as it was.
    static func expectFailure(
        _ result: ProcessResult, status: Int32, mentioning name: String, folder: TemporaryFolder, listing: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == status, "\(result.summary)", sourceLocation: sourceLocation)
        #expect(result.messageLines.count == 1, "\(result.messageLines)", sourceLocation: sourceLocation)
        let line = result.messageLines.first ?? ""
        #expect(line.hasPrefix("soundtrack: ") && line.contains(name), "\(line)", sourceLocation: sourceLocation)
        for raw in ["Invalid argument", "Invalid data found", "Operation not permitted"] {
            #expect(!line.contains(raw), "raw FFmpeg error text in: \(line)", sourceLocation: sourceLocation)
        }
        #expect(result.standardOutput.isEmpty, sourceLocation: sourceLocation)
        #expect(try folder.listing() == listing, sourceLocation: sourceLocation)
    }
}
