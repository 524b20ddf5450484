/// Audio-only outputs: the soundtrack alone, in a file of its own.
extension OutputFormat {
    public static let m4a = OutputFormat(muxer: "ipod", fileExtension: "m4a", codec: .aac)
    public static let wav = OutputFormat(muxer: "wav", fileExtension: "wav", codec: .pcm24)
    public static let flac = OutputFormat(muxer: "flac", fileExtension: "flac", codec: .flac)
    public static let opus = OutputFormat(muxer: "opus", fileExtension: "opus", codec: .opus)
    public static let mp3 = OutputFormat(muxer: "mp3", fileExtension: "mp3", codec: .mp3)

    /// The audio file format for an output path chosen by the user, from its extension, or nil
    /// when the extension names no audio file.
    public static func audioFile(forPath path: String) -> OutputFormat? {
        [m4a, wav, flac, opus, mp3].first { $0.fileExtension == pathExtension(path) }
    }
}
