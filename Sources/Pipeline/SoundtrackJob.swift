#if canImport(Glibc)
import Glibc
#endif
import Analysis
import Composition
import Foundation
import Logging
import MediaIO
import Rendering

/// One video in, one soundtracked video out: analysis, composition, rendering, mixing, writing.
public struct SoundtrackJob {
    public var options: JobOptions
    public var logger: Logger
    public var progress: ProgressReporter
    public var interrupt = InterruptFlag()

    public init(options: JobOptions, logger: Logger, progress: ProgressReporter) {
        self.options = options
        self.logger = logger
        self.progress = progress
    }

    /// Runs the job; on failure nothing is left under any output name.
    public func run() throws(PipelineError) -> Report {
        do {
            return try runStages()
        } catch {
            throw PipelineError.wrap(error)
        }
    }

    private func runStages() throws -> Report {
        var clock = StageClock()
        let reader = MediaReader(interrupt: interrupt)
        let input = try InputFile(path: options.input)
        let info = try reader.probe(input)
        let (outputPath, format) = try OutputPlanner.plan(options: options, info: info, logger: logger)
        // Claim every output before the long work, so that a name that is taken fails at once.
        let output = try AtomicOutputFile(path: outputPath, replacing: options.force)
        let midiFile = try options.midiPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let reportFile = try options.reportPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let soundFont = try SoundFontLocator.locate(explicit: options.soundFont)
        let spoolFolder = AtomicOutputFile.folder(of: outputPath)
        clock.lap("probe")

        // Loading a SoundFont takes a second or so: do it while the video is analysed.
        let rendererLoad = Background { [threads = options.renderThreads] in
            try ScoreRenderer(soundFontPath: soundFont, threads: threads)
        }

        let mayMix = options.audioMode == .mix || options.audioMode == .auto
        let analysed = try AnalysisStage.run(
            input: input, info: info, prompt: options.prompt,
            keepAudioIn: mayMix && info.audio != nil ? (spoolFolder, outputPath) : nil,
            reader: reader, progress: { [progress] in progress.update(.analyse, $0) })
        clock.lap("analysis")
        let analysis = analysed.analysis
        let mode = Self.resolve(options.audioMode, originalSilent: analysis.originalAudioSilent)
        // Where the original speaks, for ducking: worked out while the music is composed and rendered.
        let originalHeard = mode == .mix ? analysed.originalAudio.map { original in
            Background { try MixProgramme.analyse(original: original) }
        } : nil

        progress.update(.compose, 0)
        let style = options.style == "auto" ? (Self.style(forHints: analysis.hints) ?? "auto") : options.style
        let composer = Composer(style: style, seed: options.seed, tempo: options.tempo, key: options.key)
        let score = composer.compose(scenes: analysis.moodScenes, cuts: analysis.cuts, duration: analysis.duration)
        try midiFile?.write(MIDIFile.data(for: score))
        clock.lap("composition")

        let renderer = try rendererLoad.wait()
        clock.lap("soundfont")  // what is left of the font's loading once analysis is done
        let frameCount = ScoreRenderer.frameCount(duration: analysis.duration, sampleRate: 48_000)
        let music = try PCMSpool(folder: spoolFolder, for: outputPath)
        var musicMeter = try LoudnessMeter(channels: 2, sampleRate: 48_000, peaks: .sample)
        let stems = try options.stemsPath.map {
            try StemFiles(
                folder: $0, trackNames: score.tracks.map(\.name), frameCount: frameCount, replacing: options.force)
        }
        if let stems {
            try renderer.renderStems(score, progress: { progress.update(.render, $0) }) { mix, tracks in
                try music.append(mix)
                try musicMeter.add(mix)
                try stems.append(mix: mix, tracks: tracks)
            }
        } else {
            try renderer.render(score, progress: { progress.update(.render, $0) }) { chunk in
                try music.append(chunk)
                try musicMeter.add(chunk)
            }
        }
        clock.lap("rendering")

        progress.update(.mix, 0)
        let programme = try self.programme(
            mode: mode, music: music, musicMeter: musicMeter, analysed: analysed, originalHeard: originalHeard,
            frameCount: frameCount, spoolFolder: spoolFolder, outputPath: outputPath)
        clock.lap("mixing")
        let ceiling = options.truePeakLimit - 1  // AAC encoding can raise peaks a little
        let gain = try LoudnessNormalizer.gain(
            target: options.lufs, measuredLoudness: programme.loudness,
            measuredTruePeak: programme.samplePeak + Self.interSampleMargin,
            ceiling: ceiling, channels: 2, sampleRate: 48_000, parts: 2
        ) { [spool = programme.spool] part, sink in
            let half = (spool.frameCount + 1) / 2
            try spool.replay(frames: part == 0 ? 0..<half : half..<spool.frameCount, sink)
        }
        clock.lap("loudness")

        let source = try LimitedSource(programme: programme.spool, gain: gain, ceiling: ceiling)
        let writer = SoundtrackWriter(interrupt: interrupt)
        let written = try writer.write(
            input: input, output: output, format: format, frameCount: frameCount, title: "Soundtrack: \(score.style)",
            soundtrackFirst: mode != .add, source: source.read, progress: { progress.update(.write, $0) })
        for note in written.notes + (written.timestampRepairs.isNoteworthy ? [written.timestampRepairs.description] : []) {
            logger.notice("\(note)", metadata: ["file": "\(options.input)", "stage": "write"])
        }
        try output.commit()
        try midiFile?.commit()
        try stems?.commit()
        let delivered = source.measurements()
        clock.lap("writing")
        progress.finish()

        var report = Report(input: options.input, analysis: analysis, includeFeatures: false)
        report.output = outputPath
        report.music = Report.Music(score: score, seed: options.seed, soundFont: soundFont)
        report.audio = Report.Audio(
            mode: mode.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
            target: options.lufs, codec: format.codec.rawValue, originalGain: programme.mixesOriginal ? gain : nil)
        report.timings = clock.laps
        if let reportFile {
            try Self.write(Array(try report.jsonData()), to: reportFile)
        }
        logger.info(
            "soundtrack written",
            metadata: ["file": "\(outputPath)", "seconds": "\(String(format: "%.1f", clock.total))"])
        return report
    }

    /// How far a true peak may sit above the sample peak in music, for deciding cheaply whether
    /// the limiter will have work to do (the limiter itself always measures true peaks).
    static let interSampleMargin = 1.0

    /// The style that words in the prompt or the subtitles ask for ("a gentle piano piece"),
    /// when the person left the style to soundtrack.
    static func style(forHints hints: [String]) -> String? {
        let styles: [String: String] = [
            "piano": "piano", "ambient": "ambient", "electronic": "electronic", "lofi": "lofi", "jazz": "lofi",
            "folk": "folk", "guitar": "folk", "cinematic": "cinematic", "orchestral": "cinematic",
            "classical": "cinematic", "strings": "cinematic", "brass": "cinematic", "choir": "cinematic",
        ]
        return hints.lazy.compactMap { styles[$0] }.first { name in Composer.styles.contains { $0.name == name } }
    }

    static func resolve(_ mode: AudioMode, originalSilent: Bool) -> AudioMode {
        guard mode == .auto else { return mode }
        return originalSilent ? .replace : .mix
    }

    /// The delivered track before loudness control, and its measurements: the music alone, or
    /// the music ducked under the original sound, which keeps unity gain (see `MixProgramme`).
    private func programme(
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
        if abs(balance.residual) > 0.5 {
            // The target wins (it is a delivery requirement); the balance of speech and music
            // stays as good as it can be, and the whole mix moves.
            let why =
                balance.residual < 0
                ? "the original sound alone is louder than the target; the whole mix, original included, "
                    + "is turned down"
                : "the original sound is too quiet to reach the target under the music; the whole mix, "
                    + "original included, is turned up"
            logger.notice(
                "\(why)",
                metadata: [
                    "file": "\(options.input)", "stage": "mix",
                    "original.lufs": "\(String(format: "%.1f", originalLoudness))",
                    "target.lufs": "\(options.lufs)",
                    "original.gain.db": "\(String(format: "%+.1f", balance.residual))",
                ])
        }
        let mixed = try PCMSpool(folder: spoolFolder, for: outputPath)
        let meter = try MixProgramme.mix(
            music: music, original: original, musicGainDecibels: balance.musicGain, duck: duck,
            frameCount: frameCount, into: mixed)
        return Programme(
            spool: mixed, loudness: meter.integratedLoudness, samplePeak: meter.samplePeak, mixesOriginal: true)
    }

    static func write(_ bytes: [UInt8], to file: AtomicOutputFile) throws {
        try file.write(bytes)
        try file.commit()
    }
}

/// The delivered track before loudness control, with its measurements.
struct Programme {
    var spool: PCMSpool
    var loudness: Double
    var samplePeak: Double
    /// Whether the original sound is in it (at unity gain before loudness control).
    var mixesOriginal = false
}

/// Wall-clock time of each stage.
struct StageClock {
    private var last = Date()
    private let start = Date()
    private(set) var laps: [String: Double] = [:]

    mutating func lap(_ name: String) {
        let now = Date()
        laps[name] = (now.timeIntervalSince(last) * 1000).rounded() / 1000
        last = now
    }

    var total: Double { Date().timeIntervalSince(start) }
}
