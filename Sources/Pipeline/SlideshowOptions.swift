import MediaIO

/// Everything a slideshow job needs: the music options every job has, and how the photos are shown.
public struct SlideshowOptions: Sendable {
    /// The photos and folders as given (folders are expanded by the job).
    public var inputs: [String]
    /// Output, style, seed, loudness, MIDI, report, SoundFont: as for a video. `music.input`
    /// is the first input, after which the default output is named.
    public var music: JobOptions
    /// About this long per photo, in seconds, when no `duration` is given.
    public var secondsPerPhoto = 5.0
    /// The length of the whole slideshow, in seconds; nil: `secondsPerPhoto` each.
    public var duration: Double?
    public var frameSize = PixelSize.fullHD
    public var framesPerSecond = 25
    /// A gentle pan and zoom over each photo.
    public var motion = false

    public init(inputs: [String]) {
        self.inputs = inputs
        music = JobOptions(input: inputs.first ?? "")
    }

    /// Largest frame a slideshow is made at (8K UHD, the input pixel cap).
    public static let largestFrame = PixelSize(width: 7680, height: 4320)

    /// Why `size` cannot be a slideshow frame, or nil when it can.
    public static func problem(withFrameSize size: PixelSize) -> String? {
        if size.width % 2 != 0 || size.height % 2 != 0 {
            return "--size \(size): width and height must be even (H.264 in yuv420p)"
        }
        if size.width < 16 || size.height < 16 || size.width > largestFrame.width || size.height > largestFrame.height {
            return "--size \(size): choose a frame from 16x16 to \(largestFrame)"
        }
        return nil
    }

    /// `trip/` -> `trip.soundtrack.mp4` beside the folder; `a.jpg` -> `a.soundtrack.mp4`.
    static func defaultOutputPath(for input: String) -> String {
        var trimmed = input
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        if PhotoInputs.isFolder(trimmed) { return trimmed + ".soundtrack.mp4" }
        return OutputFormat.defaultOutputPath(for: trimmed, format: .mp4)
    }
}
