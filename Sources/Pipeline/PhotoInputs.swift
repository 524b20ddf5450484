import Foundation
import MediaIO

/// Photos as a job's input: the files and folders of one slideshow as given, and how they are
/// shown. Each photo is a scene; the delivery is a new video (or, by `-o`, the music alone).
public struct PhotoInputs: Sendable, Equatable {
    /// The photos and folders as given (folders are expanded when the job opens them).
    public var paths: [String]
    /// About this long per photo, in seconds, when no `JobOptions.duration` is given.
    public var secondsPerPhoto = 5.0
    public var frameSize = PixelSize.fullHD
    public var framesPerSecond = 25
    /// A gentle pan and zoom over each photo.
    public var motion = false

    public init(paths: [String]) {
        self.paths = paths
    }

    /// How the slideshow writer is to show them.
    var settings: SlideshowSettings {
        SlideshowSettings(frameSize: frameSize, framesPerSecond: framesPerSecond, motion: motion)
    }

    /// Most photos in one slideshow (each is kept open, read-only, for the whole job).
    public static let maximumCount = 500
    /// Largest frame a slideshow is made at (8K UHD, the input pixel cap).
    public static let largestFrame = PixelSize(width: 7680, height: 4320)

    /// Why these settings cannot make a slideshow, or nil when they can.
    public var problem: String? {
        if let problem = Self.problem(withFrameSize: frameSize) { return problem }
        guard secondsPerPhoto.isFinite, secondsPerPhoto > 0 else {
            return "--seconds-per-photo must be a positive number of seconds (got \(secondsPerPhoto))"
        }
        return nil
    }

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

    /// Whether `path` names a photo (by its extension) or an existing folder.
    public static func isPhotoOrFolder(_ path: String) -> Bool {
        PhotoReader.isPhotoName(path) || isFolder(path)
    }

    /// Whether the inputs ask for a slideshow: every one a photo or a folder of photos. Nil when
    /// photos and other files are mixed, which no single job can do.
    public static func areSlideshow(_ inputs: [String]) -> Bool? {
        let photos = inputs.filter(isPhotoOrFolder)
        if photos.isEmpty { return false }
        if photos.count == inputs.count { return true }
        return nil
    }

    /// `trip/` -> `trip.soundtrack.mp4` beside the folder; `a.jpg` -> `a.soundtrack.mp4`.
    static func defaultOutputPath(for input: String) -> String {
        var trimmed = input
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        if isFolder(trimmed) { return trimmed + ".soundtrack.mp4" }
        return OutputFormat.defaultOutputPath(for: trimmed, format: .mp4)
    }

    /// The photos: files as given, folders replaced by the photos inside them (not their
    /// subfolders, not hidden files), sorted by name with numbers in numeric order
    /// (IMG_2 before IMG_10).
    public func photos() throws(PipelineError) -> [String] {
        var photos: [String] = []
        for input in paths {
            guard Self.isFolder(input) else {
                photos.append(input)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: input)
            } catch {
                throw .media(.inputUnreadable(path: input, reason: "the folder cannot be listed"))
            }
            let inside = names.filter { !$0.hasPrefix(".") && PhotoReader.isPhotoName($0) }
                .sorted { $0.compare($1, options: [.numeric]) == .orderedAscending }
                .map { input.hasSuffix("/") ? input + $0 : "\(input)/\($0)" }
                .filter { !Self.isFolder($0) }
            guard !inside.isEmpty else {
                throw .media(
                    .inputUnreadable(
                        path: input,
                        reason: "the folder holds no photos (\(PhotoReader.photoExtensions.sorted().joined(separator: ", ")))"))
            }
            photos += inside
        }
        guard photos.count <= Self.maximumCount else {
            throw .usage("\(photos.count) photos; a slideshow takes at most \(Self.maximumCount): split them into several")
        }
        return photos
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
