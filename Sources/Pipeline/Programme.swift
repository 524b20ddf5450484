import Mixing

/// The delivered track before loudness control: the music alone, or the music ducked under the
/// original sound, mixed afresh each time it is read (`MixProgramme.replay`).
struct Programme {
    enum Source {
        case music(PCMSpool)
        case mix(MixPlan)
    }

    var source: Source

    /// How it was mixed, when it holds the original sound (at unity gain before loudness control).
    var mixPlan: MixPlan? {
        if case .mix(let plan) = source { return plan }
        return nil
    }

    var mixesOriginal: Bool { mixPlan != nil }

    var frameCount: Int {
        switch source {
        case .music(let spool): return spool.frameCount
        case .mix(let plan): return plan.frameCount
        }
    }

    /// Replays `frames` in chunks. Keeps no state, so several threads may replay different
    /// stretches at once.
    func replay(frames: Range<Int>, _ sink: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        switch source {
        case .music(let spool): try spool.replay(frames: frames, sink)
        case .mix(let plan): try MixProgramme.replay(plan, frames: frames, sink)
        }
    }
}
