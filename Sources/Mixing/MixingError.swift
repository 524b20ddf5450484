/// Everything that can go wrong while mixing or measuring sound.
public enum MixingError: Error, Equatable, CustomStringConvertible {
    /// A parameter is outside what the meter or the limiter supports.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .invalidParameter(let message):
            return "invalid mixing parameter: \(message)"
        }
    }
}
