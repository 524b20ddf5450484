import ArgumentParser
import Pipeline

/// `soundtrack version` (and `soundtrack --version`): what a bug report should quote.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the version of soundtrack, FFmpeg and FluidSynth, and the SoundFont in use.")

    func run() {
        print(Self.text)
    }

    /// "soundtrack 0.1.0", then one line for each library and the SoundFont.
    static var text: String {
        ToolVersion.components().map { "\($0.name) \($0.value)" }.joined(separator: "\n")
    }
}
