import Foundation

@testable import MediaIO

/// A fresh folder under the temporary directory, removed with its contents when released.
final class TestFolder: Sendable {
    let url: URL

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/soundtrack-mediaio-test-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        url = URL(fileURLWithPath: String(cString: made), isDirectory: true).standardizedFileURL
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String { url.appending(path: name).path }

    /// Every name in the folder, hidden ones included.
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}

extension MediaError {
    /// The case, without its payload, for comparisons in tests.
    enum Kind: Equatable, Sendable {
        case inputMissing, inputUnreadable, notAVideo, notAPhoto, notAudio, outputExists, cannotWriteOutput, unsupportedOutput
        case interrupted, internalFailure, encoderMissing
    }

    var kind: Kind {
        switch self {
        case .inputMissing: .inputMissing
        case .inputUnreadable: .inputUnreadable
        case .notAVideo: .notAVideo
        case .notAPhoto: .notAPhoto
        case .notAudio: .notAudio
        case .outputExists: .outputExists
        case .cannotWriteOutput: .cannotWriteOutput
        case .unsupportedOutput: .unsupportedOutput
        case .interrupted: .interrupted
        case .internalFailure: .internalFailure
        case .encoderMissing: .encoderMissing
        }
    }
}
