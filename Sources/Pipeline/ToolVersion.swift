import MediaIO
import Rendering

/// The version this build of soundtrack calls itself, in `--version`, reports and error files.
public enum ToolVersion {
    public static let string = "0.1.0"

    /// What a bug report needs beside the version: the FFmpeg and FluidSynth libraries this
    /// process runs with and the SoundFont a job would render with now, as name-value pairs.
    public static func components() -> [(name: String, value: String)] {
        let soundFont: String
        do {
            soundFont = try SoundFontLocator.locate(explicit: nil)
        } catch {
            soundFont = "none usable (\(error))"
        }
        return [
            ("soundtrack", string), ("FFmpeg", FFmpegVersion.string), ("FluidSynth", FluidSynthVersion.string),
            ("SoundFont", soundFont),
        ]
    }
}
