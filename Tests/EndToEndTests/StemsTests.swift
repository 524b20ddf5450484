import Foundation
import TestSupport
import Testing

@Suite("Stems")
struct StemsTests {
    /// The frames of a 48 kHz float WAV file, interleaved stereo, after checking its header.
    static func frames(ofWAV file: URL) throws -> [Float] {
        let data = try Data(contentsOf: file)
        try #require(data.count >= 58)
        #expect(data[0..<4] == Data("RIFF".utf8) && data[8..<12] == Data("WAVE".utf8))
        let word = { (offset: Int) in Int(data[offset]) | Int(data[offset + 1]) << 8 }
        let long = { (offset: Int) in word(offset) | word(offset + 2) << 16 }
        #expect(word(20) == 3, "IEEE float")
        #expect(word(22) == 2 && long(24) == 48_000 && word(34) == 32)
        #expect(data[50..<54] == Data("data".utf8))
        let dataBytes = long(54)
        #expect(dataBytes == data.count - 58)
        return data[58...].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test("--stems writes one file per instrument and the mix, each exactly as long as the video")
    func stemsMatchTheVideo() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--stems", "stems", "--midi", "score.mid"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")

        // The score's instrument tracks: the MIDI file's tracks minus the conductor track.
        let midi = try Data(contentsOf: folder.appending("score.mid"))
        let instruments = (Int(midi[10]) << 8 | Int(midi[11])) - 1
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appending("stems").path).sorted()
        #expect(names.count == instruments + 1, "\(names)")
        #expect(names.contains("mix.wav"))
        #expect(instruments >= 3)

        // Video length in samples at 48 kHz: 4 s of 25 fps is 100 frames, 192000 samples.
        let probe = try await Subprocess.run([
            "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
            "stream=nb_read_packets,r_frame_rate", "-of", "csv=p=0", input.path,
        ])
        let fields = probe.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
        try #require(fields.count == 2 && fields[0] == "25/1", "\(probe.standardOutputText)")
        let videoSamples = try #require(Int(fields[1])) * 48_000 / 25

        let mix = try Self.frames(ofWAV: folder.appending("stems/mix.wav"))
        #expect(mix.count == videoSamples * 2)
        var sum = [Float](repeating: 0, count: mix.count)
        var soundingTracks = 0
        for name in names where name != "mix.wav" {
            let track = try Self.frames(ofWAV: folder.appending("stems/\(name)"))
            #expect(track.count == videoSamples * 2, "\(name) is \(track.count / 2) frames long")
            guard track.count == sum.count else { continue }
            for index in sum.indices { sum[index] += track[index] }
            if track.contains(where: { abs($0) > 1e-3 }) { soundingTracks += 1 }
        }
        // Aligned: the instruments add up to the mix, sample for sample.
        let largestDifference = zip(sum, mix).map { abs($0 - $1) }.max() ?? 1
        #expect(largestDifference < 1e-5)
        #expect(soundingTracks >= 3)
        #expect(mix.contains { abs($0) > 1e-2 }, "the mix is silent")
    }

    @Test("An existing stem is not overwritten without --force")
    func existingStemIsKept() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.h264AAC.copy(into: folder.url)
        let stems = try folder.subfolder("stems")
        try Data("keep".utf8).write(to: stems.appending(path: "mix.wav"))
        let result = try await Subprocess.soundtrack([input.lastPathComponent, "--stems", "stems"], in: folder.url)
        #expect(result.status == 73, "\(result.summary)")
        #expect(try Data(contentsOf: stems.appending(path: "mix.wav")) == Data("keep".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder.appending("clip.soundtrack.mp4").path))
    }
}
