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

    /// How far a true peak may sit above the sample peak in music, for deciding cheaply whether
    /// the limiter will have work to do (the limiter itself always measures true peaks).
    static let interSampleMargin = 1.0

    /// The limiter's ceiling: a decibel under the limit, as AAC encoding can raise peaks a little.
    var ceiling: Double { truePeakLimit - 1 }

    /// The delivered track before the limiter, and the gain that brings it to the target: the
    /// music alone, or (`mode` mix, with an original) the music ducked under the original.
    func run(
        mode: AudioMode, music: RenderedMusic, original: AnalysisOutcome,
        originalHeard: Background<MixProgramme.OriginalAnalysis>?, frameCount: Int, spoolPlace: SpoolPlace
    ) throws -> (programme: Programme, gain: Double) {
        var programme = try self.programme(
            mode: mode, music: music, analysed: original, originalHeard: originalHeard, frameCount: frameCount,
            spoolPlace: spoolPlace)
        var gain = try loudnessGain(for: programme)
        if programme.mixesOriginal, let plan = programme.mixPlan, gain > MixBalance.largestOriginalBoost + 0.05 {
            // The limiter took more than planned, and making it up would raise the original past
            // its cap: the music takes the difference instead, and the mix is made again.
            // The limiter will take about what it took from the first mix: start the search there.
            // Only gains up to the cap are of use: the search stops once the cap falls short.
            let toll = gain - (lufs - programme.loudness)
            programme = try remix(plan, musicGain: plan.musicGain + gain - MixBalance.largestOriginalBoost)
            gain = try loudnessGain(for: programme, expectedToll: toll, mostGain: MixBalance.largestOriginalBoost)
        }
        if programme.mixesOriginal {
            logOriginalGain(gain, programme: programme)
        }
        return (programme, gain)
    }

    /// The gain that brings `programme` to the target under the true-peak limiter.
    func loudnessGain(
        for programme: Programme, expectedToll: Double = 0, mostGain: Double = .infinity
    ) throws -> Double {
        let passes = Atomic<Int>(0)
        let gain = try LoudnessNormalizer.gain(
            target: lufs, measuredLoudness: programme.loudness,
            measuredTruePeak: programme.samplePeak + Self.interSampleMargin,
            ceiling: ceiling, channels: AudioFormat.standard.channels,
            sampleRate: AudioFormat.standard.sampleRate, parts: 2, expectedToll: expectedToll, mostGain: mostGain
        ) { [spool = programme.spool, interrupt, input] part, sink in
            if interrupt.isSet { throw PipelineError.media(.interrupted(path: input)) }
            if part == 0 { passes.add(1, ordering: .relaxed) }
            let half = (spool.frameCount + 1) / 2
            try spool.replay(frames: part == 0 ? 0..<half : half..<spool.frameCount, sink)
        }
        logger.debug(
            "loudness planned",
            metadata: [
                "gain.db": "\(String(format: "%+.2f", gain))", "passes": "\(passes.load(ordering: .relaxed))",
                "programme.lufs": "\(String(format: "%.2f", programme.loudness))",
            ])
        return gain
    }

    /// The original sound's gain in dB as the log and the report give it (the same figure).
    static func reportedGain(_ gain: Double) -> Double {
        (gain * 10).rounded() / 10
    }

    /// Says when the original sound in a mix was moved noticeably, with the figure the report gives.
    func logOriginalGain(_ gain: Double, programme: Programme) {
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

    /// The delivered track before loudness control, and its measurements: the music alone, or
    /// the music ducked under the original sound, which keeps unity gain (see `MixProgramme`).
    func programme(
        mode: AudioMode, music rendered: RenderedMusic, analysed: AnalysisOutcome,
        originalHeard: Background<MixProgramme.OriginalAnalysis>?, frameCount: Int, spoolPlace: SpoolPlace
    ) throws -> Programme {
        let music = rendered.spool
        let musicLoudness = rendered.loudness
        guard mode == .mix, let original = analysed.originalAudio, let originalLoudness = analysed.originalLoudness,
            originalLoudness.isFinite, musicLoudness.isFinite
        else {
            return Programme(spool: music, loudness: musicLoudness, samplePeak: rendered.samplePeak)
        }
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
            spoolPlace: spoolPlace, originalLoudness: originalLoudness)
        return try remix(plan, musicGain: balance.musicGain)
    }

    /// Mixes the music at `musicGain` under the original, into a new spool.
    func remix(_ plan: MixPlan, musicGain: Double) throws -> Programme {
        let mixed = try PCMSpool(folder: plan.spoolPlace.folder, for: plan.spoolPlace.output)
        let meter = try MixProgramme.mix(
            music: plan.music, original: plan.original, musicGainDecibels: musicGain, duck: plan.duck,
            frameCount: plan.frameCount, into: mixed)
        var used = plan
        used.musicGain = musicGain
        return Programme(
            spool: mixed, loudness: meter.integratedLoudness, samplePeak: meter.samplePeak, mixesOriginal: true,
            mixPlan: used)
    }
}

/// The delivered track before loudness control, with its measurements.
struct Programme {
    var spool: PCMSpool
    var loudness: Double
    var samplePeak: Double
    /// Whether the original sound is in it (at unity gain before loudness control).
    var mixesOriginal = false
    /// How it was mixed, when it holds the original: enough to mix it again with louder music.
    var mixPlan: MixPlan?
}

/// The ingredients of a mix of music and original sound.
struct MixPlan {
    var music: PCMSpool
    var original: PCMSpool
    var musicGain: Double
    var duck: [Float]
    var frameCount: Int
    var spoolPlace: SpoolPlace
    var originalLoudness: Double
}
