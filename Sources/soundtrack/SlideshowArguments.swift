import ArgumentParser
import MediaIO
import Pipeline

/// The options that shape a slideshow, when the inputs are photos.
struct SlideshowArguments: ParsableArguments {
    @Option(
        name: .customLong("seconds-per-photo"),
        help: ArgumentHelp("Photos: about this long each, in seconds.", valueName: "SECONDS"))
    var secondsPerPhoto = 5.0

    @Option(help: ArgumentHelp("Photos (and a --picture photo): the frame every photo is letterboxed to.", valueName: "WxH"))
    var size = "1920x1080"

    @Flag(help: "Photos (and a --picture photo): a gentle pan and zoom over each photo instead of a still picture.")
    var motion = false

    /// Whether any option was given that only a slideshow reads.
    var isUsed: Bool {
        secondsPerPhoto != 5.0 || size != "1920x1080" || motion
    }

    func validate() throws {
        guard PixelSize(parsing: size) != nil else {
            throw ValidationError("--size \(size): give the frame as WIDTHxHEIGHT, for example 1280x720")
        }
        // The frame's limits and --seconds-per-photo are checked with the job's options.
    }

    /// The command's `--duration` is, for photos, the length of the whole slideshow.
    func apply(to options: inout PhotoInputs) {
        options.secondsPerPhoto = secondsPerPhoto
        options.frameSize = PixelSize(parsing: size) ?? .fullHD
        options.motion = motion
    }
}
