import Foundation
import Testing

/// A short test video, picture or sound, described by the ffmpeg commands that make it. Each
/// recipe is made once per test process, in a folder removed when the process exits; tests
/// read that one copy (`path`) or get a copy of their own (`copy(into:)`).
public struct Clip: Sendable, CustomTestStringConvertible {
    /// The recipe's name, as test reports show it.
    public var id: String
    /// Name of the file the last step writes, and of the copy a test gets.
    public var fileName: String
    /// Text files written before the steps run (subtitles, for instance).
    public var textFiles: [String: String]
    /// ffmpeg argument lists (after `-nostdin -v error -y`), run in order in the recipe's own folder.
    public var steps: [[String]]

    public var testDescription: String { id }

    public init(id: String, fileName: String, textFiles: [String: String] = [:], steps: [[String]]) {
        self.id = id
        self.fileName = fileName
        self.textFiles = textFiles
        self.steps = steps
    }

    /// The made file, making it first if this process has not yet.
    public func url() async throws -> URL {
        if let made = ClipCache.shared.madeFile(for: self) { return made }
        await ProcessSlots.shared.acquire()
        do {
            let made = try await Subprocess.onThread { try ClipCache.shared.file(for: self) }
            await ProcessSlots.shared.release()
            return made
        } catch {
            await ProcessSlots.shared.release()
            throw error
        }
    }

    /// The path of the made file.
    public func path() async throws -> String { try await url().path }

    /// The made file, making it here and now if needed (for synchronous callers).
    public func urlBlocking() throws -> URL { try ClipCache.shared.file(for: self) }

    /// Copies the clip into `folder` (making it first if needed) and returns the copy.
    public func copy(into folder: URL, as name: String? = nil) async throws -> URL {
        let copy = folder.appending(path: name ?? fileName)
        try FileManager.default.copyItem(at: try await url(), to: copy)
        return copy
    }
}

// MARK: - Pieces of recipes

extension Clip {
    public static let seconds = 4

    /// ffmpeg's moving test pattern as an input.
    public static func testPattern(size: String = "320x240", rate: Int = 25, seconds: Int = Clip.seconds) -> [String] {
        ["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=\(rate):duration=\(seconds)"]
    }

    /// A sine tone as an input.
    public static func sine(hertz: Int = 440, rate: Int = 48_000, seconds: Int = Clip.seconds) -> [String] {
        ["-f", "lavfi", "-i", "sine=frequency=\(hertz):sample_rate=\(rate):duration=\(seconds)"]
    }

    /// Silence with one 2 ms click of full scale at `time` (in the audio's own time) as an input.
    public static func click(at time: Double, rate: Int = 48_000, seconds: Int = Clip.seconds) -> [String] {
        ["-f", "lavfi", "-i", "aevalsrc=exprs='if(lt(abs(t-\(time)),0.001),0.9,0)':s=\(rate):d=\(seconds)"]
    }

    /// Fast H.264 in the pixel format every player reads.
    public static let x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
}

// MARK: - Cache

/// Makes each recipe once per test process, keyed by everything the recipe says (so two recipes
/// under one name never share a file), in a folder removed when the process exits.
final class ClipCache: @unchecked Sendable {
    static let shared = ClipCache()

    private static let folder: String = {
        let path = try! TemporaryFolder.makeUnique(prefix: "soundtrack-clips").path
        atexit { try? FileManager.default.removeItem(atPath: ClipCache.folder) }
        return path
    }()

    /// One recipe's file, in a folder of its own: its lock is held while it is made.
    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        let folder: URL
        var file: URL?

        init(folder: URL) {
            self.folder = folder
        }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    private static func key(_ clip: Clip) -> String {
        ([clip.fileName] + clip.textFiles.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            + clip.steps.map { $0.joined(separator: "\u{1}") }).joined(separator: "\u{0}")
    }

    private func entry(for clip: Clip) -> Entry {
        lock.withLock {
            let key = Self.key(clip)
            if let entry = entries[key] { return entry }
            let folder = URL(fileURLWithPath: Self.folder).appending(
                path: "\(entries.count)", directoryHint: .isDirectory)
            let entry = Entry(folder: folder)
            entries[key] = entry
            return entry
        }
    }

    /// The file when it has been made, without waiting.
    func madeFile(for clip: Clip) -> URL? {
        let entry = entry(for: clip)
        guard entry.lock.try() else { return nil }
        defer { entry.lock.unlock() }
        return entry.file
    }

    /// The file, made here if no one has yet (another thread making it is waited for).
    func file(for clip: Clip) throws -> URL {
        let entry = entry(for: clip)
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let file = entry.file { return file }
        try FileManager.default.createDirectory(at: entry.folder, withIntermediateDirectories: true)
        for (name, text) in clip.textFiles {
            try Data(text.utf8).write(to: entry.folder.appending(path: name))
        }
        for step in clip.steps {
            try Subprocess.ffmpegBlocking(step, in: entry.folder)
        }
        let file = entry.folder.appending(path: clip.fileName)
        entry.file = file
        return file
    }
}
