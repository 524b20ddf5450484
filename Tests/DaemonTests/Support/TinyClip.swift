import Foundation
import TestSupport

/// A 1 s, 160x120 H.264 + AAC clip, made once per test process with ffmpeg.
enum TinyClip {
    static let data = make(seconds: 1)
    /// Two minutes: long enough to catch a job in the middle, now that a daemon's jobs share a
    /// loaded SoundFont and a short one is over in a moment.
    static let long = make(seconds: 120)
    /// Two seconds: another video to put in a first one's place.
    static let other = make(seconds: 2)

    private static func make(seconds: Int) -> Data {
        let clip = Clip(
            id: "tiny \(seconds) s", fileName: "clip\(seconds).mp4",
            steps: [
                [
                    "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=\(seconds)",
                    "-f", "lavfi", "-i", "sine=frequency=330:duration=\(seconds)",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    "clip\(seconds).mp4",
                ]
            ])
        return (try? Data(contentsOf: clip.urlBlocking())) ?? Data()
    }

    /// Writes the clip to `url` in one go.
    static func write(to url: URL, long: Bool = false) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (long ? Self.long : data).write(to: url)
    }

    /// Writes the clip somewhere outside the watched folders and returns it.
    static func staged(in folder: URL, name: String = "staged.mp4") throws -> URL {
        let url = folder.appending(path: name)
        try write(to: url)
        return url
    }
}
