import Foundation
import TestSupport
import Testing

@testable import WatchConfiguration
@testable import WatchDaemon

@Suite("Output names")
struct OutputNamesTests {
    @Test("outputs mirror subfolders, keep known containers and number taken names")
    func names() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-names")
        let root = scratch.url.path
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

    @Test("with reports on, an output name is free only when its report's name is free too")
    func reportNames() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-names")
        let root = scratch.url.path
        var watch = WatchFolder(input: "\(root)/in", output: "\(root)/out", failed: "\(root)/failed")
        watch.report = true
        #expect(OutputNames.report(for: "\(root)/out/b.soundtrack-2.mkv") == "\(root)/out/b.soundtrack-2.html")
        #expect(OutputNames.makeFolder("\(root)/out"))
        _ = FileManager.default.createFile(atPath: "\(root)/out/b.soundtrack.html", contents: Data())
        #expect(OutputNames.output(for: "\(root)/in/b.mp4", watch: watch) == "\(root)/out/b.soundtrack-2.mp4")
        watch.report = false
        #expect(OutputNames.output(for: "\(root)/in/b.mp4", watch: watch) == "\(root)/out/b.soundtrack.mp4")
    }
}
