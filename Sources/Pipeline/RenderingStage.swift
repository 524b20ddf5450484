import Composition
import Mixing
import Rendering

/// The music as synthesised, parked in a spool, with what the mixing stage needs to know of it.
struct RenderedMusic {
    var spool: PCMSpool
    /// Integrated loudness, LUFS.
    var loudness: Double
    /// Highest sample, dBFS.
    var samplePeak: Double
    /// Short-term loudness over time (see `Report.LoudnessCurves`).
    var shortTerm: [Double] = []
}

/// Score in, music out: synthesis into a spool beside the output, metered on the way, and the
/// stems (`--stems`) written from the same pass.
struct RenderingStage {
    var renderer: ScoreRenderer
    /// The highest frequency the delivery keeps (`Delivery.bandwidth`): the music is
    /// synthesised for it (stems are always synthesised in full, being files to edit).
    var bandwidth: Double?
    /// Called between chunks; throws to stop the job (an interrupt).
    var checkInterrupt: () throws -> Void
    var progress: (Double) -> Void

    func render(_ score: Score, into spool: PCMSpool, stems: StemFiles?) throws -> RenderedMusic {
        var meter = try LoudnessMeter(peaks: .sample, shortTermSeconds: Report.LoudnessCurves.stepSeconds)
        if let stems {
            try renderer.renderStems(score, progress: progress) { mix, tracks in
                try checkInterrupt()
                try spool.append(mix)
                try meter.add(mix)
                try stems.append(mix: mix, tracks: tracks)
            }
        } else {
            try renderer.render(score, bandwidth: bandwidth, progress: progress) { chunk in
                try checkInterrupt()
                try spool.append(chunk)
                try meter.add(chunk)
            }
        }
        return RenderedMusic(spool: spool, loudness: meter.integratedLoudness, samplePeak: meter.samplePeak, shortTerm: meter.shortTerm)
    }
}
