internal import CFluidSynth

/// The FluidSynth library this process runs with, for `soundtrack --version` and error reports.
public enum FluidSynthVersion {
    /// For example "2.3.1".
    public static var string: String { String(cString: fluid_version_str()) }
}
