extension MediaReader {
    /// Describes a file this tool wrote, video or sound alone (`.m4a`, `.wav`, `.flac`, `.opus`,
    /// `.mp3`), without decoding it: the demuxer opened as for a recording (sound formats
    /// allowed, no video stream required), with the same guards as for inputs.
    public func describe(_ path: String) throws(MediaError) -> MediaInfo {
        try Demuxer(file: InputFile(path: path), limits: limits, interrupt: interrupt, purpose: .sound).info
    }
}
