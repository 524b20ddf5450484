import Foundation

/// What ffprobe says about a file (the fields these tests read).
struct ProbeReport: Decodable, Sendable {
    struct Stream: Decodable, Sendable {
        struct SideData: Decodable, Sendable {
            var sideDataType: String?
            var rotation: Double?
        }

        var index: Int
        var codecType: String
        var codecName: String?
        var channels: Int?
        var sampleRate: String?
        var hasBFrames: Int?
        var startTime: String?
        var disposition: [String: Int]?
        var tags: [String: String]?
        var sideDataList: [SideData]?

        var isDefault: Bool { disposition?["default"] == 1 }
        var rotation: Double? { sideDataList?.compactMap(\.rotation).first }
    }

    struct Format: Decodable, Sendable {
        var formatName: String
        var duration: String?
    }

    var streams: [Stream]
    var format: Format

    func streams(_ type: String) -> [Stream] { streams.filter { $0.codecType == type } }
    var video: Stream? { streams("video").first }
    /// The audio stream a player picks: the default one, else the first.
    var defaultAudio: Stream? { streams("audio").first(where: \.isDefault) ?? streams("audio").first }
}

enum MediaProbe {
    static func probe(_ file: URL) async throws -> ProbeReport {
        let result = try await Subprocess.run([
            "ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", file.path,
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffprobe \(file.path)", result: result) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ProbeReport.self, from: result.standardOutput)
    }

    /// The first subtitle stream's cues as SubRip text, with the index lines and times.
    static func subtitleText(_ file: URL) async throws -> String {
        let result = try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-map", "0:s:0", "-f", "srt", "-",
        ])
        guard result.status == 0 else { throw SubprocessFailure(command: "ffmpeg -f srt", result: result) }
        return result.standardOutputText
    }
}

/// The verdict of `../shared/tools/check-output`.
struct CheckOutputVerdict: Sendable {
    var status: Int32
    /// The tool's last stdout line: a JSON object with the figures.
    var figures: String
    var pass: Bool
    var failed: [String]

    static func run(input: URL, output: URL, extra: [String] = []) async throws -> CheckOutputVerdict {
        let result = try await Subprocess.run(
            [TestEnvironment.checkOutput.path, input.path, output.path] + extra, timeoutSeconds: 600)
        let lastLine = result.standardOutputText.split(separator: "\n").last.map(String.init) ?? ""
        struct Figures: Decodable {
            var pass: Bool
            var failed: [String]?
            var error: String?
        }
        let figures = try? JSONDecoder().decode(Figures.self, from: Data(lastLine.utf8))
        return CheckOutputVerdict(
            status: result.status, figures: lastLine.isEmpty ? result.summary : lastLine,
            pass: figures?.pass ?? false, failed: figures?.failed ?? [figures?.error ?? "no JSON line"])
    }
}

/// Enough about a file to tell whether anyone touched it: its bytes, inode and modification time.
struct FileFingerprint: Equatable, Sendable {
    var bytes: Data
    var inode: UInt64
    var modified: Date

    init(_ file: URL) throws {
        bytes = try Data(contentsOf: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        modified = attributes[.modificationDate] as? Date ?? .distantPast
    }
}
