import MediaIO
import Rendering

/// A failure of a whole job, with the exit code the command line gives it (sysexits).
public enum PipelineError: Error, CustomStringConvertible {
    /// The command was used wrongly (bad option value, incompatible choices).
    case usage(String)
    case media(MediaError)
    /// The output (or a file written beside it) cannot be created.
    case cannotCreateOutput(path: String, reason: String)
    /// Something needed on this machine is missing (a SoundFont, an encoder).
    case unavailable(String)
    case internalFailure(reason: String)

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .media(let error): return error.description
        case .cannotCreateOutput(let path, let reason): return "\(path): cannot write (\(reason)); nothing was written"
        case .unavailable(let message): return message
        case .internalFailure(let reason): return "internal error: \(reason); please report it"
        }
    }

    /// sysexits(3) codes, as the design lists them.
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .media(let error):
            switch error {
            case .inputMissing, .inputUnreadable: return 66
            case .notAVideo, .notAPhoto: return 65
            case .outputExists, .cannotWriteOutput, .unsupportedOutput: return 73
            case .interrupted: return 75
            case .internalFailure: return 70
            }
        case .cannotCreateOutput: return 73
        case .unavailable: return 69
        case .internalFailure: return 70
        }
    }

    /// Wraps any error thrown inside the pipeline.
    static func wrap(_ error: any Error) -> PipelineError {
        switch error {
        case let error as PipelineError: return error
        case let error as MediaError: return .media(error)
        case let error as RenderingError:
            switch error {
            // A SoundFont or FluidSynth that is missing or broken is this machine's set-up, not a bug.
            case .noSoundFont, .soundFontUnreadable, .notASoundFont, .soundFontInvalid, .synthesizerUnavailable:
                return .unavailable(error.description)
            case .invalidParameter, .synthesisFailed, .loudnessMeterFailed:
                return .internalFailure(reason: error.description)
            }
        default: return .internalFailure(reason: String(describing: error))
        }
    }
}
