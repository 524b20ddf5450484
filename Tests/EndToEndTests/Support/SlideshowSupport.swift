import Foundation

extension TestEnvironment {
    static let midiMetrics = shared.appending(path: "tools/midi-metrics")
}

/// Writes the EXIF Orientation tag into a JPEG, as a phone does (ffmpeg cannot).
enum EXIFOrientation {
    static func insert(_ orientation: UInt16, into jpeg: URL) throws {
        let data = try Data(contentsOf: jpeg)
        var tiff: [UInt8] = Array("MM".utf8) + [0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01]
        tiff += [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0, 0]
        tiff += [0x00, 0x00, 0x00, 0x00]
        let body: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let segment: [UInt8] = [0xFF, 0xE1, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        try (data.prefix(2) + Data(segment) + data.dropFirst(2)).write(to: jpeg)
    }
}

/// A video's pictures decoded by the ffmpeg CLI: small grey frames to find where the picture
/// changes, or one frame in colour to look at.
struct DecodedFrames {
    var frames: [[UInt8]]
    var count: Int { frames.count }

    static func decode(_ file: URL, width: Int, height: Int) async throws -> DecodedFrames {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-vf", "scale=\(width):\(height),format=gray",
            "-f", "rawvideo", "-",
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg decode", result: result) }
        let size = width * height
        let bytes = [UInt8](result.standardOutput)
        return DecodedFrames(frames: stride(from: 0, to: bytes.count - size + 1, by: size).map { Array(bytes[$0..<($0 + size)]) })
    }

    /// Frames whose mean difference from the one before is above `threshold` (of 255).
    func changes(threshold: Double) -> [Int] {
        frames.indices.dropFirst().filter { index in
            let sum = zip(frames[index], frames[index - 1]).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
            return Double(sum) / Double(frames[index].count) > threshold
        }
    }

    struct Picture {
        var width: Int
        var rgb: [UInt8]

        func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let index = (y * width + x) * 3
            return (Int(rgb[index]), Int(rgb[index + 1]), Int(rgb[index + 2]))
        }

        func isWhite(x: Int, y: Int) -> Bool {
            let (r, g, b) = pixel(x, y)
            return r > 200 && g > 200 && b > 200
        }

        func isBlack(x: Int, y: Int) -> Bool {
            let (r, g, b) = pixel(x, y)
            return r < 24 && g < 24 && b < 24
        }
    }

    static func picture(_ file: URL, frame: Int, width: Int, height: Int) async throws -> Picture {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-vf", "select=eq(n\\,\(frame))", "-frames:v", "1",
            "-s", "\(width)x\(height)", "-pix_fmt", "rgb24", "-f", "rawvideo", "-",
        ])
        guard result.status == 0, result.standardOutput.count == width * height * 3 else {
            throw SubprocessFailure(command: "ffmpeg picture", result: result)
        }
        return Picture(width: width, rgb: [UInt8](result.standardOutput))
    }
}

extension MediaProbe {
    /// The durations of the first video and first audio stream, in seconds.
    static func durations(_ file: URL) async throws -> (video: Double, audio: Double) {
        func duration(_ stream: String) async throws -> Double {
            let result = try await Subprocess.run([
                "ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "stream=duration", "-of", "csv=p=0",
                file.path,
            ])
            return Double(result.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        return (try await duration("v:0"), try await duration("a:0"))
    }
}
