/// Names of files that are still being written by some program, and must wait for their final name.
public enum ArrivalFilter {
    static let temporarySuffixes = [".part", ".crdownload", ".!qb", ".filepart", ".tmp", ".partial", ".download"]

    /// Dotfiles (which covers rsync's `.NAME.XXXXXX` and macOS's `._NAME`) and the suffixes that
    /// browsers, torrent clients and copy tools use while a file is incomplete.
    public static func isTemporary(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix("~") { return true }
        let lowered = name.lowercased()
        return temporarySuffixes.contains { lowered.hasSuffix($0) }
    }

    /// Our own leftovers that must never be taken as videos.
    public static func isReport(_ name: String) -> Bool {
        name.hasSuffix(".error.json")
    }
}
