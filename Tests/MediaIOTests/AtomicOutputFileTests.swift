import Foundation
import TestSupport
import Testing

@testable import MediaIO

@Suite("AtomicOutputFile: never replace, never leave a partial file")
struct AtomicOutputFileTests {
    static let bytes = Array("soundtrack test bytes\n".utf8)

    @Test("A committed file appears under its name with its bytes, and nothing else does")
    func commit() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let file = try AtomicOutputFile(path: folder.path("out.mid"))
        try file.write(Self.bytes)
        #expect(try folder.listing().isEmpty, "visible before commit")
        try file.commit()
        #expect(try folder.listing() == ["out.mid"])
        #expect(try Data(contentsOf: folder.url.appending(path: "out.mid")) == Data(Self.bytes))
    }

    @Test("A file that is never committed leaves nothing behind, hidden files included")
    func uncommitted() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        do {
            let file = try AtomicOutputFile(path: folder.path("out.mp4"))
            try file.write(Self.bytes)
        }
        #expect(try folder.listing().isEmpty)
    }

    @Test("An existing file is refused at once and left as it was")
    func existingFile() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = folder.path("out.mp4")
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: MediaError.self) { try AtomicOutputFile(path: path) }
        #expect(error?.kind == .outputExists)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("theirs".utf8))
        #expect(try folder.listing() == ["out.mp4"])
    }

    @Test("A dangling symlink under the name counts as taken")
    func danglingSymlink() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = folder.path("out.mp4")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder.path("nowhere"))
        let error = #expect(throws: MediaError.self) { try AtomicOutputFile(path: path) }
        #expect(error?.kind == .outputExists)
        #expect(try folder.listing() == ["out.mp4"])
        #expect(!FileManager.default.fileExists(atPath: folder.path("nowhere")))
    }

    @Test("A file that appears while we write is not replaced by the commit")
    func raceAtCommit() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = folder.path("out.mp4")
        do {
            let file = try AtomicOutputFile(path: path)
            try file.write(Self.bytes)
            try Data("arrived first".utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: MediaError.self) { try file.commit() }
            #expect(error?.kind == .outputExists)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("arrived first".utf8))
        #expect(try folder.listing() == ["out.mp4"])
    }

    @Test("replacing: true swaps the new file in whole and leaves no staging file")
    func replacing() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = folder.path("out.mp4")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let file = try AtomicOutputFile(path: path, replacing: true)
        try file.write(Self.bytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8), "replaced before commit")
        try file.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(Self.bytes))
        #expect(try folder.listing() == ["out.mp4"])
    }

    @Test("replacing: true replaces a symlink itself, never the file it points to")
    func replacingSymlink() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let target = folder.path("victim.txt")
        try Data("victim".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: folder.path("out.mp4"), withDestinationPath: target)
        let file = try AtomicOutputFile(path: folder.path("out.mp4"), replacing: true)
        try file.write(Self.bytes)
        try file.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data("victim".utf8))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path("out.mp4"))
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try folder.listing() == ["out.mp4", "victim.txt"])
    }

    @Test("A folder that does not exist gives cannotWriteOutput")
    func missingFolder() throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let error = #expect(throws: MediaError.self) { try AtomicOutputFile(path: folder.path("no/such/out.mp4")) }
        #expect(error?.kind == .cannotWriteOutput)
        #expect(try folder.listing().isEmpty)
    }

    @Test(
        "folder(of:) splits the folder from the name",
        arguments: [
            ("out.mp4", "."), ("/out.mp4", "/"), ("/a/b/out.mp4", "/a/b"), ("a/out.mp4", "a"),
        ])
    func folderOf(_ path: String, _ folder: String) {
        #expect(AtomicOutputFile.folder(of: path) == folder)
    }
}
