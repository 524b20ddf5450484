import Logging
import Synchronization
import MediaIO
import Audio
import Mixing
import Threads

/// Mixing and loudness: the music under the original sound (or alone), and the one gain that
/// brings the result to the target without raising the original by more than
/// `MixBalance.largestOriginalBoost`.
struct MixingStage {
    /// Integrated loudness target, LUFS.
    var lufs: Double
    /// Highest true peak allowed, dBTP.
    var truePeakLimit: Double
    /// The input, named in messages.
    var input: String
    var interrupt: InterruptFlag
    var logger: Logger
    /// How far under the limit the limiter works, for the codec (`Delivery.peakHeadroom`).
    var peakHeadroom: Double = 1

    /// How far a true peak may sit above the sample peak in music, for deciding cheaply whether
    /// the limiter will have work to do (the limiter itself always measures true peaks).
    static let interSampleMargin = 1.0

    /// The limiter's ceiling: under the limit by what the codec may add to the peaks.
    var ceiling: Double { truePeakLimit - peakHeadroom }

    /// The delivered track before the limiter, and the gain that brings it to the target: the
    /// music alone, or (`mode` mix, with an original) the music ducked under the original.
    func run(
        mode: AudioMode, music: RenderedMusic, original: AnalysisOutcome,
        originalHeard: Background<MixProgramme.OriginalAnalysis>?, frameCount: Int
    ) throws -> (programme: Programme, gain: Double) {
        guard let (plan, balance) = try mixPlan(
            mode: mode, music: music, analysed: original, originalHeard: originalHeard, frameCount: frameCount)
        else {
            let programme = Programme(source: .music(music.spool))
            return (programme, try loudnessGain(for: programme, loudness: music.loudness, samplePeak: music.samplePeak))
        }
        let cap = MixBalance.largestOriginalBoost
        if balance.raisesOriginalToCap, let raised = try musicGainAtCap(plan, balance: balance) {
            // The original is quiet and the music carries the loudness: the whole mix goes up
            // by the cap, and the search moves the music alone, so that the limiter's toll is
            // made up by the music. No pass is spent on a mix that would then be made again.
            var capped = plan
            capped.musicGain = raised
            let programme = Programme(source: .mix(capped))
            logOriginalGain(cap, programme: programme)
            return (programme, cap)
        }
        var programme = Programme(source: .mix(plan))
        var measured = try MixProgramme.measure(plan)
        var gain = try loudnessGain(for: programme, loudness: measured.loudness, samplePeak: measured.samplePeak)
        if gain > cap + 0.05 {
            // The limiter took more than planned, and making it up would raise the original past
            // its cap: the music takes the difference instead, and the mix is measured again.
            // The limiter will take about what it took from the first mix: start the search there.
            // Only gains up to the cap are of use: the search stops once the cap falls short.
            let toll = gain - (lufs - measured.loudness)
            var louder = plan
            louder.musicGain += gain - cap
            programme = Programme(source: .mix(louder))
            measured = try MixProgramme.measure(louder)
            gain = try loudnessGain(
                for: programme, loudness: measured.loudness, samplePeak: measured.samplePeak, expectedToll: toll,
                mostGain: cap)
        }
        logOriginalGain(gain, programme: programme)
        return (programme, gain)
    }

    /// The music gain that brings `plan`'s mix, raised by the whole cap on the original's gain,
    /// to the target under the limiter; nil when it would sit under the balance's own gain
    /// (the cap is then not reached after all, and the usual search applies).
    private func musicGainAtCap(_ plan: MixPlan, balance: MixBalance) throws -> Double? {
        let cap = MixBalance.largestOriginalBoost
        let replayed = Atomic<Int>(0)
        let raise = try LoudnessNormalizer.trialGain(
            target: lufs, predictedLoudness: balance.loudness + cap, inputGain: cap, ceiling: ceiling,
            channels: AudioFormat.standard.channels, sampleRate: AudioFormat.standard.sampleRate,
            frameCount: plan.frameCount
        ) { [interrupt, input] raise, frames, sink in
            if interrupt.isSet { throw PipelineError.media(.interrupted(path: input)) }
            replayed.add(frames.count, ordering: .relaxed)
            var trial = plan
            trial.musicGain += raise
            try MixProgramme.replay(trial, frames: frames, sink)
        }
        logger.debug(
            "loudness planned at the cap",
            metadata: [
                "music.raise.db": "\(String(format: "%+.2f", raise))",
                "passes": Self.passes(replayed, of: plan.frameCount),
            ])
        return raise >= -0.05 ? plan.musicGain + max(0, raise) : nil
    }

    /// The gain that brings `programme` to the target under the true-peak limiter.
    /// `loudness` and `samplePeak` are the programme's, measured before loudness control.
    func loudnessGain(
        for programme: Programme, loudness: Double, samplePeak: Double, expectedToll: Double = 0,
        mostGain: Double = .infinity
    ) throws -> Double {
        let replayed = Atomic<Int>(0)
        let gain = try LoudnessNormalizer.gain(
            target: lufs, measuredLoudness: loudness, measuredTruePeak: samplePeak + Self.interSampleMargin,
            ceiling: ceiling, channels: AudioFormat.standard.channels,
            sampleRate: AudioFormat.standard.sampleRate, frameCount: programme.frameCount, expectedToll: expectedToll,
            mostGain: mostGain
        ) { [programme, interrupt, input] frames, sink in
            if interrupt.isSet { throw PipelineError.media(.interrupted(path: input)) }
            replayed.add(frames.count, ordering: .relaxed)
            try programme.replay(frames: frames, sink)
        }
        logger.debug(
            "loudness planned",
            metadata: [
                "gain.db": "\(String(format: "%+.2f", gain))",
                "passes": Self.passes(replayed, of: programme.frameCount),
                "programme.lufs": "\(String(format: "%.2f", loudness))",
            ])
        return gain
    }

    /// Frames replayed, in whole programmes (a pass on excerpts counts as the share it read).
    private static func passes(_ replayed: borrowing Atomic<Int>, of frameCount: Int) -> Logger.MetadataValue {
        "\(String(format: "%.2f", Double(replayed.load(ordering: .relaxed)) / Double(max(1, frameCount))))"
    }

    /// The original sound's gain in dB as the log and the report give it (the same figure).
    static func reportedGain(_ gain: Double) -> Double {
        (gain * 10).rounded() / 10
    }

    /// Says when the original sound in a mix was moved noticeably, with the figure the report gives.
    func logOriginalGain(_ gain: Double, programme: Programme) {
        guard programme.mixesOriginal else { return }
        let shown = Self.reportedGain(gain)
        guard abs(shown) > 0.5 else { return }
        let why =
            shown < 0
            ? "the original sound alone is louder than the target; the whole mix, original included, is turned down"
            : shown >= MixBalance.largestOriginalBoost - 0.5
                ? "the original sound is quiet; the music carries the loudness and the original is raised "
                    + "by at most \(Int(MixBalance.largestOriginalBoost)) dB"
                : "the original sound is too quiet to reach the target under the music; the whole mix, "
                    + "original included, is turned up"
        logger.notice(
            "\(why)",
            metadata: [
                "file": "\(input)", "stage": "mix",
                "original.lufs": "\(programme.mixPlan.map { String(format: "%.1f", $0.originalLoudness) } ?? "?")",
                "target.lufs": "\(lufs)",
                "original.gain.db": "\(String(format: "%+.1f", shown))",
            ])
    }

    /// How to mix the music under the original sound, and the balance it comes from; nil when
    /// the music goes alone (mode, or no original to mix).
    private func mixPlan(
        mode: AudioMode, music rendered: RenderedMusic, analysed: AnalysisOutcome,
        originalHeard: Background<MixProgramme.OriginalAnalysis>?, frameCount: Int
    ) throws -> (MixPlan, MixBalance)? {
        let music = rendered.spool
        let musicLoudness = rendered.loudness
        guard mode == .mix, let original = analysed.originalAudio, let originalLoudness = analysed.originalLoudness,
            originalLoudness.isFinite, musicLoudness.isFinite
        else { return nil }
        guard let heard = try originalHeard?.wait() else {
            throw PipelineError.internalFailure(reason: "the original sound was not analysed for mixing")
        }
        let duck = DuckingEnvelope().gains(active: heard.active, blockSeconds: SpeechActivity.blockSeconds)
        let musicBlocks = try MixProgramme.duckedBlocks(music: music, duck: duck)
        let balance = MixBalance.plan(
            target: lufs, originalBlocks: heard.blocks, duckedMusicBlocks: musicBlocks,
            originalLoudness: originalLoudness, musicLoudness: musicLoudness)
        logger.debug(
            "balanced",
            metadata: [
                "original.lufs": "\(String(format: "%.1f", originalLoudness))",
                "music.lufs": "\(String(format: "%.1f", musicLoudness))",
                "music.gain.db": "\(String(format: "%+.1f", balance.musicGain))",
                "original.gain.db": "\(String(format: "%+.1f", balance.residual))",
            ])
        // The target wins (it is a delivery requirement); the balance of speech and music stays
        // as good as it can be, and the whole mix moves (up by at most `MixBalance.largestOriginalBoost`).
        let plan = MixPlan(
            music: music, original: original, musicGain: balance.musicGain, duck: duck, frameCount: frameCount,
            originalLoudness: originalLoudness)
        return (plan, balance)
    }
}
