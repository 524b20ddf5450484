import Logging
import Rendering

/// Mixing and loudness: the music under the original sound (or alone), and the one gain that
/// brings the result to the target without raising the original by more than
/// `MixBalance.largestOriginalBoost`.
extension SoundtrackJob {
    /// The gain that brings `programme` to the target under the true-peak limiter.
    func loudnessGain(for programme: Programme) throws -> Double {
        try LoudnessNormalizer.gain(
            target: options.lufs, measuredLoudness: programme.loudness,
            measuredTruePeak: programme.samplePeak + Self.interSampleMargin,
            ceiling: options.truePeakLimit - 1, channels: 2, sampleRate: 48_000, parts: 2
        ) { [spool = programme.spool, interrupt, input = options.input] part, sink in
            if interrupt.isSet { throw PipelineError.media(.interrupted(path: input)) }
            let half = (spool.frameCount + 1) / 2
            try spool.replay(frames: part == 0 ? 0..<half : half..<spool.frameCount, sink)
        }
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
                "file": "\(options.input)", "stage": "mix",
                "original.lufs": "\(programme.mixPlan.map { String(format: "%.1f", $0.originalLoudness) } ?? "?")",
                "target.lufs": "\(options.lufs)",
                "original.gain.db": "\(String(format: "%+.1f", shown))",
            ])
    }

    /// The delivered track before loudness control, and its measurements: the music alone, or
    /// the music ducked under the original sound, which keeps unity gain (see `MixProgramme`).
    func programme(
        mode: AudioMode, music: PCMSpool, musicMeter: consuming LoudnessMeter, analysed: AnalysisOutcome,
        originalHeard: Background<MixProgramme.OriginalAnalysis>?, frameCount: Int, spoolFolder: String,
        outputPath: String
    ) throws -> Programme {
        let musicLoudness = musicMeter.integratedLoudness
        guard mode == .mix, let original = analysed.originalAudio, let originalLoudness = analysed.originalLoudness,
            originalLoudness.isFinite, musicLoudness.isFinite
        else {
            return Programme(spool: music, loudness: musicLoudness, samplePeak: musicMeter.samplePeak)
        }
        guard let heard = try originalHeard?.wait() else {
            throw PipelineError.internalFailure(reason: "the original sound was not analysed for mixing")
        }
        let duck = DuckingEnvelope().gains(active: heard.active, blockSeconds: SpeechActivity.blockSeconds)
        let musicBlocks = try MixProgramme.duckedBlocks(music: music, duck: duck)
        let balance = MixBalance.plan(
            target: options.lufs, originalBlocks: heard.blocks, duckedMusicBlocks: musicBlocks,
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
            spoolFolder: spoolFolder, outputPath: outputPath, originalLoudness: originalLoudness)
        return try remix(plan, musicGain: balance.musicGain)
    }

    /// Mixes the music at `musicGain` under the original, into a new spool.
    func remix(_ plan: MixPlan, musicGain: Double) throws -> Programme {
        let mixed = try PCMSpool(folder: plan.spoolFolder, for: plan.outputPath)
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
    var spoolFolder: String
    var outputPath: String
    var originalLoudness: Double
}
