import ArgumentParser
import MediaIO
import Pipeline

/// The options that shape a slideshow, when the inputs are photos.
struct SlideshowArguments: ParsableArguments {
    @Option(
        name: .customLong("seconds-per-photo"),
        help: ArgumentHelp("Photos: about this long each, in seconds.", valueName: "SECONDS"))
    var secondsPerPhoto = 5.0

    @Option(help: ArgumentHelp("Photos: the frame every photo is letterboxed to.", valueName: "WxH"))
    var size = "1920x1080"

    @Flag(help: "Photos: a gentle pan and zoom over each photo instead of a still picture.")
    var motion = false

    /// Whether any option was given that only a slideshow reads.
    var isUsed: Bool {
        secondsPerPhoto != 5.0 || size != "1920x1080" || motion
    }

    func validate() throws {
        guard let frame = PixelSize(parsing: size) else {
            throw ValidationError("--size \(size): give the frame as WIDTHxHEIGHT, for example 1280x720")
        }
        if let problem = SlideshowOptions.problem(withFrameSize: frame) { throw ValidationError(problem) }
        guard secondsPerPhoto.isFinite, secondsPerPhoto > 0 else {
            throw ValidationError("--seconds-per-photo must be a positive number of seconds (got \(secondsPerPhoto))")
        }
    }

    /// `duration` is the command's `--duration`: for photos, the length of the whole slideshow.
    func apply(to options: inout SlideshowOptions, duration: Double?) {
        options.secondsPerPhoto = secondsPerPhoto
        options.duration = duration
        options.frameSize = PixelSize(parsing: size) ?? .fullHD
        options.motion = motion
    }
}
