import Foundation

/// Finds the General MIDI SoundFont to render with.
///
/// Order: an explicit path (the `--soundfont` option), then `SOUNDTRACK_SOUNDFONT`, then the
/// fonts Debian packages install. Among those, FluidR3Mono comes first: it sounds far better than
/// TimGM6mb, loads in about half a second and renders fastest (see `candidates`).
public enum SoundFontLocator {
    /// The environment variable that names a SoundFont when no explicit path is given.
    public static let environmentVariable = "SOUNDTRACK_SOUNDFONT"

    /// Installed General MIDI fonts, best choice first.
    ///
    /// The compressed FluidR3Mono (sf3, 23 MB) is preferred over the full FluidR3 (sf2, 148 MB):
    /// same instruments in mono, loads in ~0.5 s instead of ~1 s and renders faster. MuseScore's
    /// General font is richer but its sf3 takes several seconds to decompress, so it only leads
    /// when nothing else is there. TimGM6mb is small and fast but thin. `default-GM` is whatever
    /// Debian's alternatives point at.
    public static let candidates = [
        "/usr/share/sounds/sf3/FluidR3Mono_GM.sf3",
        "/usr/share/fluidr3mono-gm-soundfont/FluidR3Mono_GM.sf3",
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
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
            return explicit
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard isReadableFile(fromEnvironment) else {
                throw RenderingError.soundFontUnreadable(path: fromEnvironment, origin: environmentVariable)
            }
            return fromEnvironment
        }
        if let found = candidates.first(where: isReadableFile) {
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
}
