import Foundation
import Testing

/// A short test video, described by the ffmpeg commands that make it. Each clip is generated once
/// per test run into a shared cache and copied into the folder of every test that uses it.
struct Clip: Sendable, CustomTestStringConvertible {
    /// Unique name of the recipe (the cache key).
    var id: String
    /// Name of the file the last step writes, and of the copy a test gets.
    var fileName: String
    /// Text files written before the steps run (subtitles, for instance).
    var textFiles: [String: String] = [:]
    /// ffmpeg argument lists, run in order in the recipe's own folder.
    var steps: [[String]]

    var testDescription: String { id }

    /// Copies the clip into `folder` (generating it first if this run has not yet) and returns the copy.
    func copy(into folder: URL, as name: String? = nil) async throws -> URL {
        let original = try await ClipCache.shared.file(for: self)
        let copy = folder.appending(path: name ?? fileName)
        try FileManager.default.copyItem(at: original, to: copy)
        return copy
    }
}

// MARK: - Recipes

extension Clip {
    static let seconds = 4

    static func testPattern(size: String = "320x240", seconds: Int = Clip.seconds) -> [String] {
        ["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=25:duration=\(seconds)"]
    }

    static func sine(rate: Int = 48_000, seconds: Int = Clip.seconds) -> [String] {
        ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=\(rate):duration=\(seconds)"]
    }

    static let x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]

    static let h264AAC = Clip(
        id: "H.264+AAC in MP4", fileName: "clip.mp4",
        steps: [testPattern() + sine() + x264 + ["-c:a", "aac", "clip.mp4"]])

    static let vp9Opus = Clip(
        id: "VP9+Opus in WebM", fileName: "clip.webm",
        steps: [
            testPattern() + sine()
                + ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"]
                + ["-c:a", "libopus", "clip.webm"]
        ])

    static let mpeg2PS = Clip(
        id: "MPEG-2+MP2 in MPEG-PS", fileName: "clip.mpg",
        steps: [testPattern() + sine() + ["-c:v", "mpeg2video", "-q:v", "4", "-c:a", "mp2", "-f", "mpeg", "clip.mpg"]])

    static let noAudio = Clip(
        id: "H.264 without audio", fileName: "clip.mp4",
        steps: [testPattern() + x264 + ["clip.mp4"]])

    static let surround = Clip(
        id: "5.1 AAC at 44.1 kHz", fileName: "clip.mp4",
        steps: [
            testPattern() + sine(rate: 44_100)
                + [
                    "-filter_complex", "[1:a]pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0[a]", "-map", "0:v", "-map",
                    "[a]",
                ]
                + x264 + ["-c:a", "aac", "clip.mp4"]
        ])

    static let subtitleLines = ["Hello from the harbour", "The storm is coming"]
    static let subtitles = """
        1
        00:00:00,500 --> 00:00:01,800
        Hello from the harbour

        2
        00:00:02,200 --> 00:00:03,500
        The storm is coming

        """

    static let movText = Clip(
        id: "mov_text subtitles in MP4", fileName: "clip.mp4", textFiles: ["subs.srt": subtitles],
        steps: [
            testPattern() + sine() + ["-i", "subs.srt", "-map", "0", "-map", "1", "-map", "2"] + x264
                + ["-c:a", "aac", "-c:s", "mov_text", "clip.mp4"]
        ])

    static let srtInMatroska = Clip(
        id: "SRT subtitles in MKV", fileName: "clip.mkv", textFiles: ["subs.srt": subtitles],
        steps: [
            testPattern() + sine() + ["-i", "subs.srt", "-map", "0", "-map", "1", "-map", "2"] + x264
                + ["-c:a", "aac", "-c:s", "srt", "clip.mkv"]
        ])

    /// ffmpeg 5.1 has no `-display_rotation`; the `rotate` tag on a stream copy writes the display matrix.
    static let rotated = Clip(
        id: "rotation 90", fileName: "clip.mp4",
        steps: [
            testPattern() + sine() + x264 + ["-c:a", "aac", "upright.mp4"],
            ["-i", "upright.mp4", "-c", "copy", "-metadata:s:v", "rotate=90", "clip.mp4"],
        ])

    /// B-frames (so MP4 needs an edit list) and every timestamp shifted by half a second.
    static let bFramesWithOffset = Clip(
        id: "B-frames, start 0.5 s", fileName: "clip.mp4",
        steps: [
            testPattern() + sine()
                + ["-c:v", "libx264", "-preset", "fast", "-bf", "3", "-pix_fmt", "yuv420p", "-c:a", "aac"]
                + ["-output_ts_offset", "0.5", "clip.mp4"]
        ])

    /// A hard cut at exactly 2 s: the test pattern, then a flat dark red with grain.
    static let hardCutSeconds = 2.0
    static let hardCut = Clip(
        id: "hard cut at 2 s", fileName: "clip.mp4",
        steps: [
            testPattern(seconds: 2)
                + ["-f", "lavfi", "-i", "color=c=0x802020:size=320x240:rate=25:duration=2,noise=alls=40:allf=t"]
                + sine()
                + ["-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p[v]", "-map", "[v]", "-map", "2:a"]
                + x264 + ["-c:a", "aac", "clip.mp4"]
        ])

    /// About 2 MB: lossless H.264 of a moving pattern and a noise track, for the full-disk test.
    static let large = Clip(
        id: "large 640x360", fileName: "clip.mp4",
        steps: [
            testPattern(size: "640x360")
                + ["-f", "lavfi", "-i", "anoisesrc=duration=\(seconds):sample_rate=48000:amplitude=0.3"]
                + [
                    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "clip.mp4",
                ]
        ])
}

// MARK: - Cache

/// Generates each clip once per test process, in a folder removed when the process exits.
actor ClipCache {
    static let shared = ClipCache()

    private static let folder: String = {
        let path = try! TemporaryFolder.makeUnique(prefix: "soundtrack-clips").path
        atexit { try? FileManager.default.removeItem(atPath: ClipCache.folder) }
        return path
    }()

    private var made: [String: Task<URL, any Error>] = [:]

    func file(for clip: Clip) async throws -> URL {
        if let task = made[clip.id] { return try await task.value }
        let index = made.count
        let task = Task { try await Self.generate(clip, index: index) }
        made[clip.id] = task
        return try await task.value
    }

    private static func generate(_ clip: Clip, index: Int) async throws -> URL {
        let recipeFolder = URL(fileURLWithPath: folder).appending(path: "\(index)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: recipeFolder, withIntermediateDirectories: true)
        for (name, text) in clip.textFiles {
            try Data(text.utf8).write(to: recipeFolder.appending(path: name))
        }
        for step in clip.steps {
            try await Subprocess.ffmpeg(step, in: recipeFolder)
        }
        return recipeFolder.appending(path: clip.fileName)
    }
}
