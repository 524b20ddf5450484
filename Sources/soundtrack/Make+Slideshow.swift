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
        if picture != nil && !isSlideshow && slideshow.secondsPerPhoto != 5.0 {
            throw ValidationError("--seconds-per-photo is for slideshows; a picture under a song is shown for the whole song")
        }
        if picture == nil && !isSlideshow && slideshow.isUsed {
            throw ValidationError("--seconds-per-photo, --size and --motion are for photos, not videos")
        }
    }

    private static func names(_ paths: [String]) -> String {
        let shown = paths.prefix(3).map(DisplayName.escapingControls).joined(separator: ", ")
        return paths.count > 3 ? shown + ", ..." : shown
    }

    var isSlideshow: Bool { PhotoInputs.areSlideshow(inputs) == true }

    /// The one job of a slideshow: every photo and folder, shown as the photo options say.
    func slideshowOptions() -> JobOptions {
        var options = self.options(for: inputs[0])
        var photos = PhotoInputs(paths: inputs)
        slideshow.apply(to: &photos)
        options.source = .photos(photos)
        return options
    }
}
