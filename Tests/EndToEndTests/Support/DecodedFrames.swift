import Foundation
import TestSupport


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
