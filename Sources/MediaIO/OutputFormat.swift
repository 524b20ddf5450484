/// The container and soundtrack codec of an output file.
public struct OutputFormat: Sendable, Equatable {
    public enum Codec: String, Sendable {
        case aac, opus, flac, mp3
        /// 24-bit PCM, for WAV.
        case pcm24 = "pcm_s24le"

        /// The highest frequency the encoder keeps, in Hz, set explicitly by `AudioEncoder`: AAC
        /// at soundtrack's 192 kbit/s low-passes at 18 kHz (FFmpeg's own choice for that rate),
        /// MP3 at 18.6 kHz (LAME's own choice at 192 kbit/s), Opus at 20 kHz (its full band).
        /// Nil for FLAC and PCM, which keep all of the 24 kHz a 48 kHz track carries.
        public var bandwidth: Double? {
            switch self {
            case .aac: 18_000
            case .mp3: 18_600
            case .opus: 20_000
            case .flac, .pcm24: nil
            }
        }

        /// How far under the true-peak limit the limiter keeps the soundtrack, in dB, so that
        /// the file stays under it once encoded. A lossy encoder's low-pass and quantisation noise
        /// raise true peaks: AAC at 192 kbit/s by up to 1.7 dB on loud percussive noise (a
        /// four-minute driven clip, limited to -2.0 dBTP, decoded at -0.3), so lossy codecs get
        /// 2 dB; lossless ones 1 dB, as every codec had before.
        public var peakHeadroom: Double {
            switch self {
            case .aac, .mp3, .opus: return 2
            case .flac, .pcm24: return 1
            }
        }
    }

    /// FFmpeg muxer name.
    public var muxer: String
    /// File extension without the dot.
    public var fileExtension: String
    public var codec: Codec

    public static let mp4 = OutputFormat(muxer: "mp4", fileExtension: "mp4", codec: .aac)
    public static let mov = OutputFormat(muxer: "mov", fileExtension: "mov", codec: .aac)
    public static let matroska = OutputFormat(muxer: "matroska", fileExtension: "mkv", codec: .aac)
    public static let webm = OutputFormat(muxer: "webm", fileExtension: "webm", codec: .opus)

    /// The format for an output path chosen by the user, from its extension.
    public static func forPath(_ path: String) -> OutputFormat? {
        switch Self.pathExtension(path) {
        case "mp4", "m4v": return OutputFormat(muxer: "mp4", fileExtension: Self.pathExtension(path), codec: .aac)
        case "mov": return .mov
        case "mkv": return .matroska
        case "webm": return .webm
        default: return nil
        }
    }

    /// The container to write for an input, and whether it differs from the input's own: the same
    /// container when it can carry the new soundtrack and every stream cleanly, Matroska otherwise
    /// (AVI, MPEG-PS/TS, FLV and Ogg). An MP4 whose streams an MP4 cannot hold again (a camera's
    /// linear PCM sound, which FFmpeg reads in MP4 but writes only in QuickTime) becomes a .mov, and
    /// so does a file whose sound Matroska has no form for and QuickTime has (an old Flash
    /// video's Nellymoser, a surveillance camera's G.711).
    public static func forInput(path: String, info: MediaInfo) -> (format: OutputFormat, changed: Bool) {
        let names = info.formatName.split(separator: ",")
        let ext = Self.pathExtension(path)
        if names.contains("mp4") || names.contains("mov") {
            let own = ext == "mov" ? .mov : OutputFormat(muxer: "mp4", fileExtension: ext == "m4v" ? "m4v" : "mp4", codec: .aac)
            if OutputMuxer.holdsStreams(of: info, in: own) { return (own, false) }
            return (OutputMuxer.holdsStreams(of: info, in: .mov) ? .mov : .matroska, true)
        }
        if names.contains("webm") && ext == "webm" { return (.webm, false) }
        if names.contains("matroska") { return (.matroska, false) }
        let quickTime = !OutputMuxer.holdsStreams(of: info, in: .matroska) && OutputMuxer.holdsStreams(of: info, in: .mov)
        return (quickTime ? .mov : .matroska, true)
    }

    /// `clip.mp4` -> `clip.soundtrack.mp4`, beside the input.
    public static func defaultOutputPath(for input: String, format: OutputFormat) -> String {
        let folderEnd = input.lastIndex(of: "/").map { input.index(after: $0) } ?? input.startIndex
        var name = String(input[folderEnd...])
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        return String(input[..<folderEnd]) + name + ".soundtrack." + format.fileExtension
    }

    static func pathExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
