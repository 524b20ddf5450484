/// Everything that can go wrong while turning a score into sound.
///
/// Each description says what failed and what the reader can do about it.
public enum RenderingError: Error, Equatable, CustomStringConvertible {
    /// No General MIDI SoundFont was given and none is installed in the usual places.
    case noSoundFont(searched: [String])
    /// A SoundFont path given explicitly (option or environment) does not name a readable file.
    case soundFontUnreadable(path: String, origin: String)
    /// A SoundFont path given explicitly names a file that is not a SoundFont (no RIFF `sfbk`
    /// header) or is cut short.
    case notASoundFont(path: String, origin: String)
    /// FluidSynth refused to load the file as a SoundFont.
    case soundFontInvalid(path: String)
    /// FluidSynth could not be set up (settings or synthesizer creation failed).
    case synthesizerUnavailable(reason: String)
    /// A parameter is outside what the renderer or meter supports.
    case invalidParameter(String)
    /// FluidSynth failed while producing audio.
    case synthesisFailed(reason: String)

    public var description: String {
        switch self {
        case .noSoundFont(let searched):
            return "no General MIDI SoundFont found (looked in the \(searched.count) usual places); "
                + "install one (apt-get install fluid-soundfont-gm, or timgm6mb-soundfont), "
                + "or name one with --soundfont FILE.sf2 or \(SoundFontLocator.environmentVariable)=FILE.sf2"
        case .soundFontUnreadable(let path, let origin):
            return "SoundFont '\(path)' from \(origin) is not a readable file; "
                + "check the path and its permissions, or leave it unset to use an installed General MIDI font "
                + "(apt-get install fluid-soundfont-gm)"
        case .notASoundFont(let path, let origin):
            return "'\(path)' from \(origin) is not a SoundFont (.sf2/.sf3) or is cut short; "
                + "name a General MIDI SoundFont, or leave it unset to use an installed one "
                + "(apt-get install fluid-soundfont-gm)"
        case .soundFontInvalid(let path):
            return "FluidSynth could not load '\(path)' as a SoundFont (.sf2/.sf3); the file may be damaged: "
                + "name another with --soundfont FILE.sf2 or \(SoundFontLocator.environmentVariable), "
                + "or reinstall it (apt-get install --reinstall fluid-soundfont-gm)"
        case .synthesizerUnavailable(let reason):
            return "could not start the FluidSynth synthesizer: \(reason); check the libfluidsynth installation"
        case .invalidParameter(let message):
            return "invalid rendering parameter: \(message)"
        case .synthesisFailed(let reason):
            return "FluidSynth failed while rendering: \(reason); this is a bug, please report it with the input"
        }
    }
}
