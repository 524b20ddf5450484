import FileSystem
import MediaIO
import Pipeline
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

/// Where results go, under names that never replace anything.
enum OutputNames {
    /// Containers the writer can keep; anything else becomes Matroska.
    static let keptExtensions: Set<String> = ["mp4", "m4v", "mov", "mkv", "webm"]

    /// The container `soundtrack FILE` would write for this video (`OutputFormat.forInput`: an
    /// MP4 with a camera's PCM sound becomes a .mov), the extension's own case kept when it
    /// stays; by the extension alone when the file cannot be probed (its job then fails with
    /// the reason).
    static func videoExtension(for input: String, ext: String) -> String {
        guard let info = try? MediaReader().probe(input) else {
            return keptExtensions.contains(ext.lowercased()) ? ext : "mkv"
        }
        let chosen = OutputFormat.forInput(path: input, info: info).format.fileExtension
        return chosen == ext.lowercased() ? ext : chosen
    }

    /// `OUTPUT/SUB/NAME.soundtrack.EXT` for `INPUT/SUB/NAME.EXT`, or `NAME.soundtrack-N.EXT` when
    /// that name is taken (N from 2), skipping `attempt` names already found taken.
    /// With `report` on, a name counts as free only when its report's name is free too.
    static func output(for input: String, watch: WatchFolder, skipping attempt: Int = 0) -> String {
        let relative = FolderPaths.relative(input, to: watch.input)
        let folder = AtomicFolder.of(FolderPaths.absolute(relative, base: watch.output))
        let name = FolderPaths.name(of: relative)
        let (fileStem, ext) = split(name)
        // A cue sheet or a song has no pictures: it becomes music in the folder's `format`; a
        // photo dropped alone becomes a still video with music, and a folder of photos one
        // slideshow, in MP4.
        let chosenExt: String
        switch JobInput.classify(path: input) {
        case .words, .song: chosenExt = watch.format
        case .photos: chosenExt = "mp4"
        case .video: chosenExt = videoExtension(for: input, ext: ext)
        }
        let stem = FileStatus(path: input)?.kind == .folder ? name : fileStem
        return free(
            folder: folder, stem: "\(stem).soundtrack", ext: chosenExt, companion: watch.report ? reportExtension : nil,
            skipping: attempt)
    }

    static let reportExtension = "html"

    /// `NAME.soundtrack.html` beside `NAME.soundtrack.EXT`: the HTML report of that output.
    static func report(for output: String) -> String {
        let folder = AtomicFolder.of(output)
        return "\(folder)/\(split(FolderPaths.name(of: output)).stem).\(reportExtension)"
    }

    /// `FOLDER/NAME` for a file moved aside, numbered when taken.
    static func destination(for input: String, watch: WatchFolder, in target: String) -> String {
        let relative = FolderPaths.relative(input, to: watch.input)
        let folder = AtomicFolder.of(FolderPaths.absolute(relative, base: target))
        let (stem, ext) = split(FolderPaths.name(of: relative))
        return free(folder: folder, stem: stem, ext: ext, skipping: 0)
    }

    static func split(_ name: String) -> (stem: String, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    private static func free(folder: String, stem: String, ext: String, companion: String? = nil, skipping: Int) -> String {
        var number = 1
        var skipped = 0
        while true {
            let numbered = number == 1 ? stem : "\(stem)-\(number)"
            let path = "\(folder)/\(numbered)" + (ext.isEmpty ? "" : ".\(ext)")
            let companionFree = companion.map { FileStatus(path: "\(folder)/\(numbered).\($0)") == nil } ?? true
            if FileStatus(path: path) == nil, companionFree {
                if skipped >= skipping { return path }
                skipped += 1
            }
            number += 1
        }
    }

    /// `mkdir -p`.
    @discardableResult
    static func makeFolder(_ path: String) -> Bool {
        if FileStatus(path: path)?.kind == .folder { return true }
        let parent = AtomicFolder.of(path)
        if parent != path, parent != "/" { makeFolder(parent) }
        return mkdir(path, 0o755) == 0 || errno == EEXIST
    }
}
