import Foundation
import TestSupport
import Testing

@testable import WatchDaemon

/// `after = "delete"` on an album deletes the photos that went into the slideshow, no more.
@Suite("Photo album deletion")
struct PhotoAlbumDeletionTests {
    static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    @Test("Photos unchanged since the job started are deleted, then the folder once it is empty")
    func deletesAlbum() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-album")
        let album = try scratch.subfolder("album").path
        for name in ["IMG_1.jpg", "IMG_2.png"] { Self.write("photo \(name)", to: "\(album)/\(name)") }
        let taken = PhotoAlbum.photos(in: album)
        #expect(taken.map(\.name) == ["IMG_1.jpg", "IMG_2.png"])

        let outcome = PhotoAlbum.delete(taken, in: album)
        #expect(outcome == PhotoAlbum.Deletion(deleted: 2, kept: [], failures: [], folderRemoved: true))
        #expect(!FileManager.default.fileExists(atPath: album))
    }

    @Test("Other files, photos added and photos rewritten since the job started stay, and so does the folder")
    func keepsEverythingElse() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-album")
        let album = try scratch.subfolder("album").path
        for name in ["a.jpg", "b.jpg", "c.jpg"] { Self.write("photo \(name)", to: "\(album)/\(name)") }
        Self.write("where we went", to: "\(album)/notes.txt")
        try FileManager.default.createDirectory(atPath: "\(album)/raw", withIntermediateDirectories: true)
        Self.write("raw", to: "\(album)/raw/a.jpg")
        let taken = PhotoAlbum.photos(in: album)
        #expect(taken.map(\.name) == ["a.jpg", "b.jpg", "c.jpg"])

        Self.write("photo b.jpg, edited and longer", to: "\(album)/b.jpg")  // rewritten during the job
        Self.write("photo d.jpg", to: "\(album)/d.jpg")  // added during the job
        try FileManager.default.removeItem(atPath: "\(album)/c.jpg")  // removed by someone else

        let outcome = PhotoAlbum.delete(taken, in: album)
        #expect(outcome == PhotoAlbum.Deletion(deleted: 1, kept: ["b.jpg"], failures: [], folderRemoved: false))
        let left = try FileManager.default.contentsOfDirectory(atPath: album).sorted()
        #expect(left == ["b.jpg", "d.jpg", "notes.txt", "raw"])
        #expect(FileManager.default.fileExists(atPath: "\(album)/raw/a.jpg"))
    }
}
