extension InputFile {
    /// The whole file, when it holds at most `limit` bytes; nil when it holds more. Reads at most
    /// `limit + 1` bytes, so a huge or growing file costs no more than the limit.
    public func bytes(limit: Int) throws(MediaError) -> [UInt8]? {
        guard size <= Int64(limit) else { return nil }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var filled = 0
        while filled < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                read(into: buffer.baseAddress! + filled, count: buffer.count - filled, at: Int64(filled))
            }
            if result < 0 {
                throw .inputUnreadable(path: path, reason: "read failed, error \(-result)")
            }
            if result == 0 { break }
            filled += result
        }
        guard filled <= limit else { return nil }
        return Array(bytes.prefix(filled))
    }
}
