import Foundation
import TestSupport
import Testing

/// A re-styled song under a picture (`--picture`), its HTML report and its stems, through the
/// binary, on a MIDI file the test has soundtrack write from words (a melody part, drums, tempo
/// changes) and pictures made with ffmpeg.
@Suite("Re-styled songs under a picture, in the HTML report, as stems")
struct RestylePictureTests {
    struct Found: Decodable {
        struct Chord: Decodable { var chord: String }
        var duration: Double
        var chords: [Chord]
    }

    /// A 20 s song and what `analyze` finds in it.
    static func song(in folder: TemporaryFolder) async throws -> Found {
        let made = try await Subprocess.soundtrack(
            ["--prompt", "a bright morning walk", "--duration", "20", "-o", "song.mid"], in: folder.url)
        try #require(made.status == 0, "\(made.summary)")
        let found = try await Subprocess.soundtrack(["analyze", "song.mid"], in: folder.url)
        try #require(found.status == 0, "\(found.summary)")
        return try JSONDecoder().decode(Found.self, from: Data(found.standardOutputText.utf8))
    }

    /// The codec of each stream, in order, as "video:h264".
    static func streams(_ file: URL) async throws -> [String] {
        let probe = try await Subprocess.run([
            "ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0", file.path,
        ])
        return probe.standardOutputText.split(separator: "\n").map {
            $0.split(separator: ",").reversed().joined(separator: ":")
        }
    }

    /// The MD5 of every packet of the first video stream, copied out as it is stored.
    static func videoPackets(_ file: URL) async throws -> [String] {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-",
        ])
        try #require(result.status == 0, "\(result.summary)")
        return result.standardOutputText.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            $0.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test("--picture photo.jpg: a still video as long as the song, with its music; --report .html shows the chords")
    func photo() async throws {
        let folder = try TemporaryFolder()
        let found = try await Self.song(in: folder)
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=640x480", "-frames:v", "1", "photo.jpg"], in: folder.url)
        let result = try await Subprocess.soundtrack(
            ["song.mid", "--style", "folk", "--picture", "photo.jpg", "--size", "320x240", "-o", "song.folk.mp4",
             "--report", "song.html"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        #expect(result.standardOutputText == "song.folk.mp4\n")
        let video = folder.appending("song.folk.mp4")
        #expect(try await Self.streams(video) == ["video:h264", "audio:aac"])
        let durations = try await MediaProbe.durations(video)
        #expect(abs(durations.video - found.duration) <= 0.04, "video \(durations.video) s, song \(found.duration) s")
        #expect(abs(durations.audio - found.duration) <= 0.06, "audio \(durations.audio) s, song \(found.duration) s")
        let sound = try await DecodedAudio.decode(video)
        #expect(sound.power(in: [1...(found.duration - 1)]) > 1e-5, "the music is silent")

        let page = try String(contentsOf: folder.appending("song.html"), encoding: .utf8)
        #expect(page.contains("id=\"chords\""), "no chord strip")
        let names = Set(found.chords.map(\.chord))
        #expect(names.count >= 2)
        for name in names {
            #expect(page.contains("<td class=\"chord\">\(name)</td>"), "chord \(name) is not on the page")
        }
        let rows = page.components(separatedBy: "<td class=\"chord\">").count - 1
        #expect(rows == found.chords.count, "\(rows) chord rows for \(found.chords.count) chords")
    }

    @Test("--picture clip.mp4: the clip's pictures copied packet for packet, held or cut to the song, its sound left out")
    func video() async throws {
        let folder = try TemporaryFolder()
        let found = try await Self.song(in: folder)
        // The long clip has B-frames: frames are stored out of display order.
        for (name, seconds, bFrames) in [("short.mp4", 8, 0), ("long.mp4", 30, 2)] {
            try await Subprocess.ffmpeg(
                ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                 "-t", "\(seconds)", "-c:v", "libx264", "-preset", "veryfast", "-bf", "\(bFrames)", "-g", "50",
                 "-c:a", "aac", name],
                in: folder.url)
        }
        for name in ["short.mp4", "long.mp4"] {
            let output = "song-\(name)"
            let result = try await Subprocess.soundtrack(
                ["song.mid", "--style", "piano", "--picture", name, "-o", output], in: folder.url)
            try #require(result.status == 0, "\(name): \(result.summary)")
            let video = folder.appending(output)
            #expect(try await Self.streams(video) == ["video:h264", "audio:aac"], "\(name)")
            let copied = try await Self.videoPackets(video)
            let original = try await Self.videoPackets(folder.appending(name))
            if name == "short.mp4" {
                #expect(copied == original, "\(name): \(copied.count) packets of \(original.count)")
            } else {
                // Cut: the first packets in decoding order, whole groups of an anchor frame and the
                // B-frames shown before it, none shown at or after the song's end (25 a second),
                // the last one held to the end.
                #expect(copied == Array(original.prefix(copied.count)), "\(name): not the clip's first packets")
                let lastShown = Double(copied.count - 1) / 25
                #expect(lastShown < found.duration, "\(name): a frame shown at \(lastShown) s, past the song")
                #expect(lastShown > found.duration - 0.25, "\(name): \(copied.count) packets, more cut than a group")
            }
            let durations = try await MediaProbe.durations(video)
            #expect(abs(durations.video - found.duration) <= 0.02, "\(name): video \(durations.video) s, song \(found.duration) s")
            #expect(abs(durations.audio - found.duration) <= 0.06, "\(name): audio \(durations.audio) s")
            let sound = try await DecodedAudio.decode(video)
            #expect(sound.power(in: [1...(found.duration - 1)]) > 1e-5, "\(name): the music is silent")
        }
    }

    @Test("Wrong pictures and outputs: one line, the documented exit code, nothing written")
    func refusals() async throws {
        let folder = try TemporaryFolder()
        _ = try await Self.song(in: folder)
        try Data("not a video".utf8).write(to: folder.appending("fake.mp4"))
        try Data("not a photo".utf8).write(to: folder.appending("fake.jpg"))
        try await Subprocess.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440", "-t", "3", "tone.mp3"], in: folder.url)
        try await Subprocess.ffmpeg(
            ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-t", "2", "-c:v", "libx264", "clip.mp4"], in: folder.url)
        let cases: [([String], Int32, String)] = [
            (["song.mid", "--picture", "fake.mp4", "-o", "out.mp4"], 65, "--picture takes a photo"),
            (["song.mid", "--picture", "tone.mp3", "-o", "out.mp4"], 65, "--picture takes a photo"),
            (["song.mid", "--picture", "fake.jpg", "-o", "out.mp4"], 65, "not a usable photo"),
            (["song.mid", "--picture", "missing.jpg", "-o", "out.mp4"], 66, "no such file"),
            (["song.mid", "-o", "out.mp4"], 64, "--picture"),
            (["song.mid", "--picture", "clip.mp4", "-o", "out.m4a"], 64, "name the output .mp4"),
            (["clip.mp4", "--picture", "clip.mp4", "-o", "out.mp4"], 64, "--picture is for songs"),
        ]
        for (arguments, status, words) in cases {
            let result = try await Subprocess.soundtrack(arguments, in: folder.url)
            #expect(result.status == status, "\(arguments): \(result.summary)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(words), "\(arguments): \(result.standardError)")
        }
        #expect(try folder.listing().filter { $0.hasPrefix("out") }.isEmpty)
    }

    @Test("--stems for a song: one WAV per instrument and mix.wav, as long as the song, adding up to the mix")
    func stems() async throws {
        let folder = try TemporaryFolder()
        _ = try await Self.song(in: folder)
        let result = try await Subprocess.soundtrack(
            ["song.mid", "--style", "folk", "-o", "song.folk.wav", "--stems", "stems"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appending("stems").path).sorted()
        #expect(names.contains("mix.wav") && names.count >= 3, "\(names)")
        let mix = try StemsTests.frames(ofWAV: folder.appending("stems/mix.wav"))
        let delivered = try await DecodedAudio.decode(folder.appending("song.folk.wav"))
        #expect(mix.count == delivered.samples.count * 2, "mix \(mix.count / 2) frames, song \(delivered.samples.count)")
        var sum = [Float](repeating: 0, count: mix.count)
        for name in names where name != "mix.wav" {
            let track = try StemsTests.frames(ofWAV: folder.appending("stems/\(name)"))
            #expect(track.count == mix.count, "\(name)")
            guard track.count == sum.count else { continue }
            for index in sum.indices { sum[index] += track[index] }
        }
        #expect((zip(sum, mix).map { abs($0 - $1) }.max() ?? 1) < 1e-5)
        #expect(mix.contains { abs($0) > 1e-2 }, "the mix is silent")
    }
}
