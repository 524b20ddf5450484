import Foundation
import MediaIO

/// Which command-line inputs are photos, and the photos a list of files and folders stands for.
public enum PhotoInputs {
    /// Most photos in one slideshow (each is kept open, read-only, for the whole job).
    public static let maximumCount = 500

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

    /// The photos: files as given, folders replaced by the photos inside them (not their
    /// subfolders, not hidden files), sorted by name with numbers in numeric order
    /// (IMG_2 before IMG_10).
    public static func expand(_ inputs: [String]) throws(PipelineError) -> [String] {
        var photos: [String] = []
        for input in inputs {
            guard isFolder(input) else {
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
                .filter { !isFolder($0) }
            guard !inside.isEmpty else {
                throw .media(
                    .inputUnreadable(
                        path: input,
                        reason: "the folder holds no photos (\(PhotoReader.photoExtensions.sorted().joined(separator: ", ")))"))
            }
            photos += inside
        }
        guard photos.count <= maximumCount else {
            throw .usage("\(photos.count) photos; a slideshow takes at most \(maximumCount): split them into several")
        }
        return photos
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
