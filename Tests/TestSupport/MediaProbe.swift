import Foundation

/// What ffprobe says about a file (the fields the tests read).
public struct ProbeReport: Decodable, Sendable {
    public struct Stream: Decodable, Sendable {
        public struct SideData: Decodable, Sendable {
            public var sideDataType: String?
            public var rotation: Double?
        }

        public var index: Int
        public var codecType: String
        public var codecName: String?
        public var channels: Int?
        public var sampleRate: String?
        public var hasBFrames: Int?
        public var startTime: String?
        public var disposition: [String: Int]?
        public var tags: [String: String]?
        public var sideDataList: [SideData]?

        public var isDefault: Bool { disposition?["default"] == 1 }
        public var rotation: Double? { sideDataList?.compactMap(\.rotation).first }
    }

    public struct Format: Decodable, Sendable {
        public var formatName: String
        public var duration: String?
    }

    public struct Chapter: Decodable, Sendable {
        public var startTime: String
        public var endTime: String
        public var tags: [String: String]?
    }

    public var streams: [Stream]
    public var format: Format
    public var chapters: [Chapter]?

    public func streams(_ type: String) -> [Stream] { streams.filter { $0.codecType == type } }
    public var video: Stream? { streams("video").first }
    /// The audio stream a player picks: the default one, else the first.
    public var defaultAudio: Stream? { streams("audio").first(where: \.isDefault) ?? streams("audio").first }
}

/// ffprobe and ffmpeg asked about a file.
public enum MediaProbe {
    public static func probe(_ file: URL) async throws -> ProbeReport {
        let result = try await Subprocess.run([
            "ffprobe", "-v", "error", "-show_streams", "-show_format", "-show_chapters", "-of", "json", file.path,
        ]).succeeded("ffprobe \(file.path)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ProbeReport.self, from: result.standardOutput)
    }

    /// ffprobe's `-show_entries entries` of `file` (of the streams `stream` selects, when given)
    /// as CSV without section names: its stdout, one line per item.
    public static func csv(_ file: String, entries: String, stream: String? = nil) throws -> String {
        let select = stream.map { ["-select_streams", $0] } ?? []
        return try Subprocess.runBlocking(
            ["ffprobe", "-v", "error"] + select + ["-show_entries", entries, "-of", "csv=p=0", file]
        ).succeeded("ffprobe \(entries) \(file)").standardOutputText
    }

    /// The first subtitle stream's cues as SubRip text, with the index lines and times.
    public static func subtitleText(_ file: URL) async throws -> String {
        try await Subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-i", file.path, "-map", "0:s:0", "-f", "srt", "-",
        ]).succeeded("ffmpeg -f srt").standardOutputText
    }

    /// The durations of the first video and first audio stream, in seconds (-1 when absent).
    public static func durations(_ file: URL) async throws -> (video: Double, audio: Double) {
        func duration(_ stream: String) async throws -> Double {
            let result = try await Subprocess.run([
                "ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "stream=duration", "-of",
                "csv=p=0",
                file.path,
            ])
            return Double(result.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        return (try await duration("v:0"), try await duration("a:0"))
    }
}
