/// The ingredients of a mix of music and original sound.
struct MixPlan: Sendable {
    var music: PCMSpool
    var original: PCMSpool
    /// The music's gain in dB, before the ducking.
    var musicGain: Double
    /// The ducking gains, one per `MixProgramme.blockFrames`.
    var duck: [Float]
    var frameCount: Int
    /// Integrated loudness of the original sound, LUFS.
    var originalLoudness: Double
}
