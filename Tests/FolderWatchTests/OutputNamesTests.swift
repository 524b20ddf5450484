import Foundation
import Testing

@testable import FolderWatch

@Suite("Output names")
struct OutputNamesTests {
    @Test("outputs mirror subfolders, keep known containers and number taken names")
    func names() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "names-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
        #expect(OutputNames.output(for: "\(root)/in/a/b.mp4", watch: watch) == "\(root)/out/a/b.soundtrack.mp4")
        #expect(OutputNames.output(for: "\(root)/in/c.avi", watch: watch) == "\(root)/out/c.soundtrack.mkv")
        #expect(OutputNames.makeFolder("\(root)/out/a"))
        _ = FileManager.default.createFile(atPath: "\(root)/out/a/b.soundtrack.mp4", contents: Data())
        #expect(OutputNames.output(for: "\(root)/in/a/b.mp4", watch: watch) == "\(root)/out/a/b.soundtrack-2.mp4")
        #expect(
            OutputNames.output(for: "\(root)/in/a/b.mp4", watch: watch, skipping: 1)
                == "\(root)/out/a/b.soundtrack-3.mp4")
    }
}
