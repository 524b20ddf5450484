import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under the system's temporary directory, removed with everything in it when
/// the value goes away.
public final class TemporaryFolder: Sendable {
    public let url: URL

    public init(prefix: String = "soundtrack-test") throws {
        url = try Self.makeUnique(prefix: prefix)
    }

    /// Creates a new, empty folder with a unique name under the temporary directory (not removed
    /// by anyone: for folders that live as long as the test process).
    public static func makeUnique(prefix: String) throws -> URL {
        var template = Array("\(NSTemporaryDirectory())/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true).standardizedFileURL
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public func appending(_ name: String) -> URL { url.appending(path: name) }

    /// The path of `name` in the folder.
    public func path(_ name: String) -> String { url.appending(path: name).path }

    /// Names in the folder, hidden ones included, sorted.
    public func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Creates a subfolder and returns it.
    public func subfolder(_ name: String) throws -> URL {
        let folder = url.appending(path: name, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
