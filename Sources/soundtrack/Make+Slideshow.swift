import ArgumentParser
import Foundation
import Logging
import MediaIO
import Pipeline

/// `soundtrack a.jpg b.png trip/ -o trip.mp4`: photos (and folders of photos) become one slideshow.
extension Make {
    /// Checks what only a slideshow allows, or refuses slideshow options on videos.
    func validateSlideshow() throws {
        guard let isSlideshow = PhotoInputs.areSlideshow(inputs) else {
            let photos = inputs.filter(PhotoInputs.isPhotoOrFolder)
            let videos = inputs.filter { !PhotoInputs.isPhotoOrFolder($0) }
            throw ValidationError(
                "videos and photos cannot be mixed in one command (photos: \(Self.names(photos)); "
                    + "videos: \(Self.names(videos))); make the slideshow and the videos separately")
        }
        guard isSlideshow else {
            if slideshow.isUsed {
                throw ValidationError("--seconds-per-photo, --size and --motion are for photos, not videos")
            }
            return
        }
        if let output, Self.isFolder(output) == false, OutputFormat.forPath(output)?.codec != .aac {
            throw ValidationError(
                "-o \(DisplayName.escapingControls(output)): a slideshow is H.264 video; name it .mp4, .m4v, .mov or .mkv")
        }
        if stems != nil { throw ValidationError("--stems is not available for slideshows yet") }
        if audio != .auto && audio != .replace {
            throw ValidationError("--audio \(audio.rawValue): photos have no sound of their own to \(audio.rawValue)")
        }
    }

    private static func names(_ paths: [String]) -> String {
        let shown = paths.prefix(3).map(DisplayName.escapingControls).joined(separator: ", ")
        return paths.count > 3 ? shown + ", ..." : shown
    }

    var isSlideshow: Bool { PhotoInputs.areSlideshow(inputs) == true }

    /// Makes the one slideshow; returns its exit code.
    func runSlideshow(reporter: ProgressReporter, logger: Logger) -> Int32 {
        var options = SlideshowOptions(inputs: inputs)
        options.music = self.options(for: inputs[0])
        slideshow.apply(to: &options, duration: duration)
        var job = SlideshowJob(options: options, logger: logger, progress: reporter)
        job.interrupt = Interruption.flag
        do {
            let result = try job.run()
            FileHandle.standardOutput.write(Data((DisplayName.escapingControls(result.output ?? "") + "\n").utf8))
            return 0
        } catch {
            reporter.finish()
            return fail(error).rawValue
        }
    }
}
