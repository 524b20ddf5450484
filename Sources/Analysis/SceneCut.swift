/// A detected change of scene.
public struct SceneCut: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// One frame to the next.
        case hard
        /// Through black: placed in the middle of the black pictures.
        case fade
        /// One picture blending into the next: placed in the middle of the blend.
        case dissolve
    }

    /// Seconds from the first video frame: the first frame of the new scene for a hard cut.
    public var time: Double
    public var kind: Kind
    /// For a hard cut seen only between two decoded pictures with undecoded frames between
    /// them: the last picture before and the first after, so that the frames between can be
    /// decoded to place the cut exactly.
    public var gap: ClosedRange<Double>?

    public init(time: Double, kind: Kind, gap: ClosedRange<Double>? = nil) {
        self.time = time
        self.kind = kind
        self.gap = gap
    }
}
