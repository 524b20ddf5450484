import FileSystem
import FolderWatcher
import Foundation
import Journal
import MediaIO

/// A subfolder of photos dropped into a watch folder. It becomes one slideshow (its photos
/// in name order, `NAME.soundtrack.mp4` beside where the subfolder sits in the output folder)
/// once nothing in it has changed for the settle time; the photos themselves are only read.
///
/// The daemon tracks the album, not its photos: a photo inside a subfolder stands for the
/// subfolder. A photo directly in the watch folder is still a job of its own (a still video).
enum PhotoAlbum {
    /// The subfolder whose slideshow the photo at `path` belongs to, or nil when `path` is not a
    /// photo or sits directly in one of the watch folders `roots`.
    static func folder(holding path: String, roots: [String]) -> String? {
        guard PhotoReader.isPhotoName(path) else { return nil }
        let parent = AtomicFolder.of(path)
        let trimmed = roots.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return trimmed.contains(parent) ? nil : parent
    }

    /// The album's photos (not hidden ones, not in its subfolders), sorted by name, with their status.
    static func photos(in folder: String) -> [(name: String, status: FileStatus)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !ArrivalFilter.isTemporary($0) && PhotoReader.isPhotoName($0) }.sorted()
            .compactMap { name in
                guard let status = FileStatus(path: "\(folder)/\(name)"), status.kind == .regular else { return nil }
                return (name, status)
            }
    }

    /// What the settle clock watches: the photos' sizes summed and the latest change among the
    /// photos and the folder (a photo added, removed or rewritten changes it). Nil when the
    /// folder is gone or holds no photos.
    static func status(_ folder: String) -> FileStatus? {
        guard var status = FileStatus(path: folder), status.kind == .folder else { return nil }
        let photos = photos(in: folder)
        guard !photos.isEmpty else { return nil }
        status.size = photos.reduce(0) { $0 + $1.status.size }
        status.modified = photos.reduce(status.modified) { max($0, $1.status.modified) }
        status.links = photos.count
        return status
    }

    /// The journal's identity of the album: its status, and a hash of every photo's name, size
    /// and time (so that the same folder with other photos is a new job).
    static func identity(_ folder: String) -> FileIdentity? {
        guard let status = status(folder) else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (name, photo) in photos(in: folder) {
            for byte in Array("\(name)\u{0}\(photo.size)\u{0}\(photo.modified)\u{0}".utf8) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return FileIdentity(
            path: folder, size: status.size, modified: status.modified,
            hash: String(repeating: "0", count: 16 - hex.count) + hex)
    }
}

extension PhotoAlbum {
    /// What deleting an album's photos did.
    struct Deletion: Equatable {
        var deleted = 0
        /// Photos left because they changed (rewritten, replaced) since `photos` was taken.
        var kept: [String] = []
        var failures: [String] = []
        var folderRemoved = false
    }

    /// Deletes each of `photos` (listed by `photos(in:)` when the slideshow's job started) that
    /// is still exactly as it was, then the folder itself if that left it empty. Nothing else in
    /// the folder is touched: not other files, not photos added or rewritten since.
    static func delete(_ photos: [(name: String, status: FileStatus)], in folder: String) -> Deletion {
        var outcome = Deletion()
        for (name, status) in photos {
            let path = "\(folder)/\(name)"
            guard FileStatus(path: path) == status else {
                if FileStatus(path: path) != nil { outcome.kept.append(name) }
                continue
            }
            if unlink(path) == 0 {
                outcome.deleted += 1
            } else {
                outcome.failures.append("\(name): \(String(cString: strerror(errno)))")
            }
        }
        outcome.folderRemoved = rmdir(folder) == 0
        return outcome
    }
}

extension FileStatus {
    /// What the daemon tracks at `path`: a file's own status, or for a folder its album's.
    static func arrival(_ path: String) -> FileStatus? {
        guard let status = FileStatus(path: path) else { return nil }
        return status.kind == .folder ? PhotoAlbum.status(path) : status
    }
}

extension FileIdentity {
    /// The journal's identity of a file, or of a folder of photos.
    static func arrival(_ path: String) -> FileIdentity? {
        FileStatus(path: path)?.kind == .folder ? PhotoAlbum.identity(path) : FileIdentity.read(path: path)
    }
}
