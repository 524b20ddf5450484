import Foundation
import TestSupport
import Testing

/// Damaged timestamps and streams (issue 11, items 18, 19 and 21): what a player tolerates is
/// repaired with one notice; nothing exits 70, which is kept for bugs.
@Suite("Broken timestamps and empty streams")
struct BrokenTimestampTests {
    static let video = Clip.testPattern()
    static let sound = Clip.sine()

    /// A clip damaged by byte flips with a fixed seed; each of these exited 70 before. The HEVC
    /// clip is made bit-exact (one x265 thread, no random Matroska IDs) so the seed hits the same bytes.
    struct Damaged: Sendable, CustomTestStringConvertible {
        var clip: Clip
        var seed: UInt64
        var flips: Int
        var testDescription: String { "\(clip.id), seed \(seed), \(flips) flips" }
    }

    static let damaged: [Damaged] = [
        Damaged(
            clip: Clip(
                id: "H.264 with B-frames + AAC in MPEG-TS", fileName: "clip.ts",
                steps: [video + sound + Clip.x264 + ["-bf", "2", "-c:a", "aac", "-f", "mpegts", "clip.ts"]]),
            seed: 4, flips: 60),
        Damaged(
            clip: Clip(
                id: "HEVC + AAC in MKV", fileName: "clip.mkv",
                steps: [
                    video + sound
                        + ["-c:v", "libx265", "-preset", "ultrafast"]
                        + ["-x265-params", "log-level=none:frame-threads=1:pools=none", "-fflags", "+bitexact"]
                        + ["-pix_fmt", "yuv420p", "-c:a", "aac", "clip.mkv"]
                ]),
            seed: 10, flips: 200),
        Damaged(clip: .vp9Opus, seed: 11, flips: 200),
        Damaged(clip: .mpeg2PS, seed: 11, flips: 200),
    ]

    @Test("A file with damaged timestamps is repaired with one notice, or refused with 65; never 70", arguments: damaged)
    func damagedFile(_ damage: Damaged) async throws {
        let folder = try TemporaryFolder()
        let original = try await damage.clip.copy(into: folder.url, as: "original")
        let name = "damaged." + (damage.clip.fileName.split(separator: ".").last.map(String.init) ?? "bin")
        try Mutation.flipBytes(Data(contentsOf: original), seed: damage.seed, count: damage.flips)
            .write(to: folder.appending(name))
        try FileManager.default.removeItem(at: original)
        let before = try folder.listing()

        let result = try await Subprocess.soundtrack([name, "-o", "out.mkv"], in: folder.url)

        #expect([0, 65].contains(result.status), "\(result.summary)")
        if result.status == 0 {
            #expect(try folder.listing() == (before + ["out.mkv"]).sorted())
            let notices = result.standardError.split(separator: "\n").filter {
                $0.contains(" notice ") && ($0.contains("timestamps") || $0.contains("damaged packet"))
            }
            #expect(!notices.isEmpty, "expected a notice about the repair: \(result.standardError)")
        } else {
            #expect(result.messageLines.count == 1, "\(result.messageLines)")
            #expect(try folder.listing() == before)
        }
    }

    @Test("An Ogg whose Vorbis set-up header is damaged keeps its pictures; the unreadable sound is left out with a notice")
    func damagedVorbisSetUp() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(Self.video + Self.sound + ["-c:v", "libtheora", "-c:a", "libvorbis", "clip.ogg"], in: folder.url)
        // Zeroing the set-up packet's bytes breaks its page's checksum: the demuxer drops the
        // page, and the stream is left without the headers a decoder or a muxer needs.
        var bytes = try Data(contentsOf: folder.appending("clip.ogg"))
        let setUp = try #require(bytes.range(of: Data("\u{05}vorbis".utf8)))
        bytes.replaceSubrange(setUp.lowerBound..<(setUp.lowerBound + 64), with: Data(count: 64))
        try bytes.write(to: folder.appending("clip.ogg"))

        let result = try await Subprocess.soundtrack(["clip.ogg", "-o", "out.mkv"], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        #expect(try folder.listing() == ["clip.ogg", "out.mkv"])
        #expect(result.standardError.contains("left out audio stream"), "no notice: \(result.standardError)")
        // FFmpeg's Ogg demuxer reads the first second of pictures after the failed header (as
        // `ffmpeg -c copy` does); the copy keeps all of them.
        let frames = try await Self.decodedFrames(folder.appending("out.mkv"))
        #expect(frames >= 25, "the copy decodes to \(frames) pictures")
    }

    @Test("An MKV whose first packets have no time before a -1.5 s start keeps every picture")
    func untimedStart() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(
            Self.video + Self.sound + Clip.x264
                + ["-c:a", "aac", "-output_ts_offset", "-1.5", "-avoid_negative_ts", "disabled", "clip.mkv"],
            in: folder.url)

        let result = try await Subprocess.soundtrack(["clip.mkv", "-o", "out.mkv"], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        let frames = try await Self.decodedFrames(folder.appending("out.mkv"))
        #expect(frames == 25 * Clip.seconds, "the copy decodes to \(frames) pictures")
        #expect(result.standardError.contains("without a time"), "no notice: \(result.standardError)")
    }

    @Test("An hour's jump in the clock of a 3-second MKV is closed up, not followed")
    func hourJump() async throws {
        let folder = try TemporaryFolder()
        let shift = "setts=ts=if(gte(TS\\,1500)\\,TS+3600000\\,TS)"
        try await Subprocess.ffmpeg(
            Clip.testPattern(seconds: 3) + Clip.sine(seconds: 3) + Clip.x264
                + ["-bf", "0", "-c:a", "aac", "plain.mkv"],
            in: folder.url)
        try await Subprocess.ffmpeg(
            ["-i", "plain.mkv", "-c", "copy", "-bsf:v", shift, "-bsf:a", shift, "clip.mkv"], in: folder.url)
        let input = try await MediaProbe.probe(folder.appending("clip.mkv"))
        try #require(Double(input.format.duration ?? "0") ?? 0 > 3600, "the test file has no jump")

        let result = try await Subprocess.soundtrack(["clip.mkv", "-o", "out.mkv"], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        let output = try await MediaProbe.probe(folder.appending("out.mkv"))
        let duration = Double(output.format.duration ?? "") ?? .infinity
        #expect(duration < 4, "the output lasts \(duration) s")
        #expect(result.standardError.contains("jump"), "no notice: \(result.standardError)")
    }

    @Test("A truncated MPEG-TS whose audio stream has no packets is written without that stream")
    func audioWithoutPackets() async throws {
        let folder = try TemporaryFolder()
        try await Subprocess.ffmpeg(
            Self.video + ["-itsoffset", "6"] + Self.sound + Clip.x264 + ["-c:a", "aac", "-f", "mpegts", "full.ts"],
            in: folder.url)
        let full = try Data(contentsOf: folder.appending("full.ts"))
        try full.prefix(full.count / 3).write(to: folder.appending("clip.ts"))
        try FileManager.default.removeItem(at: folder.appending("full.ts"))

        let result = try await Subprocess.soundtrack(["clip.ts", "-o", "out.mkv"], in: folder.url)

        #expect(result.status == 0, "\(result.summary)")
        let output = try await MediaProbe.probe(folder.appending("out.mkv"))
        #expect(output.streams("audio").count == 1, "\(output.streams.map(\.codecName))")
        #expect(result.standardError.contains("left out audio stream"), "no notice: \(result.standardError)")
    }

    static func decodedFrames(_ file: URL) async throws -> Int {
        let result = try await Subprocess.run([
            "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
            "stream=nb_read_frames", "-of", "csv=p=0", file.path,
        ])
        return Int(result.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
