/// Everything that can go wrong while reading or writing media, worded for the person who will read it.
public enum MediaError: Error, CustomStringConvertible, Sendable {
    /// The input does not exist.
    case inputMissing(path: String)
    /// The input exists but cannot be opened or read (permissions, a symlink, a folder, a device).
    case inputUnreadable(path: String, reason: String)
    /// The input was read but is not a video soundtrack can use.
    case notAVideo(path: String, reason: String)
    /// The input was read as a recording to listen to, but is not usable (no sound, too long,
    /// silent, damaged).
    case notAudio(path: String, reason: String)
    /// The input was read but is not a photo soundtrack can show (empty, cut short, too large).
    case notAPhoto(path: String, reason: String)
    /// The output already exists and `--force` was not given.
    case outputExists(path: String)
    /// The output could not be created or written (permissions, no space, bad folder).
    case cannotWriteOutput(path: String, reason: String)
    /// The requested output container cannot hold one of the streams.
    case unsupportedOutput(path: String, reason: String)
    /// Work was cancelled or ran past its time limit.
    case interrupted(path: String)
    /// This FFmpeg was built without the encoder an output needs (libmp3lame, libopus).
    case encoderMissing(name: String, path: String)
    /// An FFmpeg call failed in a way that points at a bug rather than at the input.
    case internalFailure(operation: String, reason: String)

    public var description: String {
        switch self {
        case .inputMissing(let path):
            return "\(path): no such file; check the name and try again"
        case .inputUnreadable(let path, let reason):
            return "\(path): cannot read the input (\(reason))"
        case .notAVideo(let path, let reason):
            return "\(path): not a usable video (\(reason))"
        case .notAPhoto(let path, let reason):
            return "\(path): not a usable photo (\(reason))"
        case .notAudio(let path, let reason):
            return "\(path): not a usable recording (\(reason))"
        case .outputExists(let path):
            return "\(path): already exists; choose another name, or pass --force to replace it"
        case .cannotWriteOutput(let path, let reason):
            return "\(path): cannot write the output (\(reason)); nothing was written"
        case .unsupportedOutput(let path, let reason):
            return "\(path): \(reason); choose another container with -o (for example .mkv)"
        case .interrupted(let path):
            return "\(path): stopped before it finished; nothing was written"
        case .encoderMissing(let name, let path):
            return "\(path): this FFmpeg has no \(name) encoder; install one built with it, or choose another "
                + "output (for example .m4a or .wav)"
        case .internalFailure(let operation, let reason):
            return "internal error while \(operation): \(reason)"
        }
    }
}
