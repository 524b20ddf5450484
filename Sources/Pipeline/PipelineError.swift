import Analysis
import Composition
import MediaIO
import Mixing
import Rendering

/// A failure of a whole job, with the exit code the command line gives it (sysexits) and, once
/// the job has wrapped it, the stage it happened in (`Stage`, as progress and the daemon name
/// stages; none for the input's probe and the output's planning). Every module's error maps into it (`wrap`).
public enum PipelineError: Error, CustomStringConvertible {
    /// The command was used wrongly (bad option value, incompatible choices).
    case usage(String)
    case media(MediaError)
    /// The output (or a file written beside it) cannot be created.
    case cannotCreateOutput(path: String, reason: String)
    /// Something needed on this machine is missing (a SoundFont, an encoder).
    case unavailable(String)
    case internalFailure(reason: String)
    /// `cause`, in a stage of the chain.
    indirect case during(Stage, PipelineError)

    /// The stage the failure happened in, when known.
    public var stage: Stage? {
        if case .during(let stage, _) = self { return stage }
        return nil
    }

    /// The failure itself, without its stage.
    public var cause: PipelineError {
        if case .during(_, let cause) = self { return cause.cause }
        return self
    }
    /// A cue sheet that cannot be read as one (exit 65).
    case badCueSheet(path: String, CueSheetError)
    /// A MIDI file that cannot be re-styled (exit 65).
    case badSong(path: String, SongError)
    /// The output was made but not given its name: `JobOptions.beforePublish` said no (exit 75).
    case notPublished(path: String, reason: String)

    public var description: String {
        switch self {
        case .during(_, let cause): return cause.description
        case .usage(let message): return message
        case .media(let error): return error.description
        case .cannotCreateOutput(let path, let reason): return "\(path): cannot write (\(reason)); nothing was written"
        case .unavailable(let message): return message
        case .internalFailure(let reason): return "internal error: \(reason); please report it"
        case .badCueSheet(let path, let error): return "\(path): \(error.description)"
        case .badSong(let path, let error): return "\(path): \(error.description)"
        case .notPublished(let path, let reason): return "\(path): not published: \(reason)"
        }
    }

    /// sysexits(3) codes, as the design lists them.
    public var exitCode: Int32 {
        switch self {
        case .during(_, let cause): return cause.exitCode
        case .usage: return 64
        case .media(let error):
            switch error {
            case .inputMissing, .inputUnreadable: return 66
            case .notAVideo, .notAPhoto, .notAudio: return 65
            case .outputExists, .cannotWriteOutput, .unsupportedOutput: return 73
            case .interrupted: return 75
            case .encoderMissing: return 69
            case .internalFailure: return 70
            }
        case .cannotCreateOutput: return 73
        case .unavailable: return 69
        case .internalFailure: return 70
        case .badCueSheet, .badSong: return 65
        case .notPublished: return 75
        }
    }

    /// Wraps any error thrown inside the pipeline, marked with `stage` when given.
    static func wrap(_ error: any Error, stage: Stage?) -> PipelineError {
        let mapped = wrap(error)
        guard let stage, mapped.stage == nil else { return mapped }
        return .during(stage, mapped)
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
            case .invalidParameter, .synthesisFailed:
                return .internalFailure(reason: error.description)
            }
        case let error as MixingError: return .internalFailure(reason: error.description)
        default: return .internalFailure(reason: String(describing: error))
        }
    }
}
