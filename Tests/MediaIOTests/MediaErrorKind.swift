@testable import MediaIO

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
