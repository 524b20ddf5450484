import Foundation

/// Finds the General MIDI SoundFont to render with.
///
/// Order: an explicit path (the `--soundfont` option), then `SOUNDTRACK_SOUNDFONT`, then the
/// fonts Debian packages install. Among those, FluidR3 comes first: it sounds far better than
/// TimGM6mb, loads in about half a second and renders fastest (see `candidates`).
///
/// Every file is checked to start like a SoundFont (a RIFF file of form `sfbk`, which .sf2 and
/// .sf3 both are) before FluidSynth sees it: FluidSynth prints GLib warnings of its own on
/// other files, and the person should hear one clear line instead.
public enum SoundFontLocator {
    /// The environment variable that names a SoundFont when no explicit path is given.
    public static let environmentVariable = "SOUNDTRACK_SOUNDFONT"

    /// Installed General MIDI fonts, best choice first.
    ///
    /// The full FluidR3 (sf2, 148 MB, Debian's fluid-soundfont-gm) comes first: stereo, even
    /// across the spectrum, and uncompressed, so it loads in a fraction of a second where the
    /// compressed FluidR3Mono (sf3) and MuseScore General (sf3) spend 2-4 s of CPU decompressing
    /// on every job; see docs/music.md for the comparison. TimGM6mb is small and fast but thin.
    /// `default-GM` is whatever Debian's alternatives point at.
    public static let candidates = [
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
        "/usr/share/sounds/sf3/FluidR3Mono_GM.sf3",
        "/usr/share/fluidr3mono-gm-soundfont/FluidR3Mono_GM.sf3",
        "/usr/share/sounds/sf3/MuseScore_General.sf3",
        "/usr/share/sounds/sf2/TimGM6mb.sf2",
        "/usr/share/sounds/sf2/default-GM.sf2",
        "/usr/share/sounds/sf3/default-GM.sf3",
        "/usr/share/soundfonts/default.sf2",
    ]

    /// The SoundFont to use: `explicit` if given (it must be a readable file), else the
    /// `SOUNDTRACK_SOUNDFONT` environment variable, else the best installed General MIDI font.
    public static func locate(explicit: String?) throws -> String {
        try locate(
            explicit: explicit, environment: ProcessInfo.processInfo.environment, candidates: candidates)
    }

    /// As `locate(explicit:)`, with the environment and the search list given (for tests and
    /// for callers that keep their own configuration).
    public static func locate(
        explicit: String?, environment: [String: String], candidates: [String]
    ) throws -> String {
        if let explicit, !explicit.isEmpty {
            guard isReadableFile(explicit) else {
                throw RenderingError.soundFontUnreadable(path: explicit, origin: "--soundfont")
            }
            guard hasSoundFontHeader(explicit) else {
                throw RenderingError.notASoundFont(path: explicit, origin: "--soundfont")
            }
            return explicit
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard isReadableFile(fromEnvironment) else {
                throw RenderingError.soundFontUnreadable(path: fromEnvironment, origin: environmentVariable)
            }
            guard hasSoundFontHeader(fromEnvironment) else {
                throw RenderingError.notASoundFont(path: fromEnvironment, origin: environmentVariable)
            }
            return fromEnvironment
        }
        // A damaged installed font (or a dangling alternatives link) is passed over, not fatal.
        if let found = candidates.first(where: { isReadableFile($0) && hasSoundFontHeader($0) }) {
            return found
        }
        throw RenderingError.noSoundFont(searched: candidates)
    }

    /// Whether `path` names an existing regular file (symlinks followed) that this process can read.
    static func isReadableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return false
        }
        return manager.isReadableFile(atPath: path)
    }

    /// Whether the file starts with a RIFF header of form `sfbk` (SoundFont 2, and the
    /// compressed SoundFont 3 that MuseScore and Debian ship) and is as long as that header
    /// says: a cut-short download or copy is caught here, before FluidSynth's loader (and GLib's
    /// assertions) see it.
    static func hasSoundFontHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 12), head.count == 12,
            let size = try? handle.seekToEnd()
        else { return false }
        let bytes = Array(head)
        let declared = UInt64(bytes[4]) | UInt64(bytes[5]) << 8 | UInt64(bytes[6]) << 16 | UInt64(bytes[7]) << 24
        return bytes[0..<4] == Array("RIFF".utf8)[...] && bytes[8..<12] == Array("sfbk".utf8)[...]
            && size >= declared + 8
    }
}
