import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under the system's temporary directory, removed with everything in it when
/// the value goes away.
final class TemporaryFolder: Sendable {
    let url: URL

    init(prefix: String = "soundtrack-e2e") throws {
        url = try Self.makeUnique(prefix: prefix)
    }

    /// Creates a new, empty folder with a unique name under the temporary directory.
    static func makeUnique(prefix: String) throws -> URL {
        var template = Array("\(NSTemporaryDirectory())/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true).standardizedFileURL
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func appending(_ name: String) -> URL { url.appending(path: name) }

    /// Names in the folder, hidden ones included, sorted.
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Creates a subfolder and returns it.
    func subfolder(_ name: String) throws -> URL {
        let folder = url.appending(path: name, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
