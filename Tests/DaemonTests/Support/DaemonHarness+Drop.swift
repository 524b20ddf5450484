import Foundation
import Testing

extension DaemonHarness {
    /// The round trip of most drop tests: starts the daemon, moves `item` (made outside the
    /// watched folders) into the drop folder as `name`, waits until its job is done, stops the
    /// daemon (exit 0) and returns the files of the output folder.
    func dropOne(
        _ item: URL, as name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String] {
        try await start()
        try FileManager.default.moveItem(at: item, to: input.appending(path: name))
        let done = await waitForDone(1)
        #expect(done, "\(jobs(in: "failed").map(\.outcome)) \(logText)", sourceLocation: sourceLocation)
        #expect(await stop() == 0, "\(logText)", sourceLocation: sourceLocation)
        return files(in: output)
    }
}
