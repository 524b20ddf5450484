import MediaIO

extension Report {
    /// The files a job read and wrote.
    public struct Media: Codable, Sendable {
        /// Absent when the input is not a media file (words, a cue sheet, photos).
        public var input: MediaFile?
        /// Absent when the output could not be read back (it is reported as written anyway), or
        /// is a MIDI file.
        public var output: MediaFile?
    }

    /// One container and what it holds, as a person would describe it.
    public struct MediaFile: Codable, Sendable {
        public var path: String
        /// FFmpeg's name of the container format.
        public var container: String
        public var duration: Double?
        public var streams: [StreamEntry]

        init(path: String, info: MediaInfo) {
            self.path = path
            container = info.formatName
            duration = info.duration?.rounded(places: 3)
            streams = info.streams.map(StreamEntry.init)
        }
    }

    public struct StreamEntry: Codable, Sendable {
        public var index: Int
        /// video, audio, subtitle, attachment, data or unknown.
        public var kind: String
        public var codec: String
        public var width: Int?
        public var height: Int?
        public var frameRate: Double?
        public var sampleRate: Int?
        public var channels: Int?
        public var language: String?

        init(_ stream: StreamInfo) {
            index = stream.index
            kind = stream.kind.rawValue
            codec = stream.codecName
            language = stream.language
            if stream.kind == .video {
                width = stream.width
                height = stream.height
                frameRate = stream.frameRate > 0 ? stream.frameRate.rounded(places: 3) : nil
            } else if stream.kind == .audio {
                sampleRate = stream.sampleRate
                channels = stream.channels
            }
        }
    }
}
