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
        progress.setMediaDuration(info.duration ?? 0)
        logger.debug(
            "probed",
            metadata: [
                "file": "\(options.input)", "container": "\(info.formatName)",
                "duration": "\(info.duration.map { String(format: "%.3f", $0) } ?? "unknown")",
                "streams": "\(info.streams.map { "\($0.kind.rawValue):\($0.codecName)" }.joined(separator: ","))",
            ])
        let (outputPath, format) = try OutputPlanner.plan(options: options, info: info, logger: logger)
        // Claim every output before the long work, so that a name that is taken fails at once.
        let output = try AtomicOutputFile(path: outputPath, replacing: options.force)
        let midiFile = try options.midiPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let reportFile = try options.reportPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let soundFont = try options.renderer?.soundFontPath ?? SoundFontLocator.locate(explicit: options.soundFont)
        let spoolFolder = AtomicOutputFile.folder(of: outputPath)
        clock.lap("probe")
        logger.debug(
            "planned", metadata: ["output": "\(outputPath)", "codec": "\(format.codec.rawValue)", "soundfont": "\(soundFont)"])

        // Loading a SoundFont takes a second or so: do it while the video is analysed.
        let rendererLoad = Background { [threads = options.renderThreads, shared = options.renderer] in
            try shared ?? ScoreRenderer(soundFontPath: soundFont, threads: threads)
        }

        let mayMix = options.audioMode == .mix || options.audioMode == .auto
        let analysed = try AnalysisStage.run(
            input: input, info: info, prompt: options.prompt,
            keepAudioIn: mayMix && info.audio != nil ? (spoolFolder, outputPath) : nil,
            reader: reader, progress: { [progress] in progress.update(.analyse, $0) })
        clock.lap("analysis")
        let analysis = analysed.analysis
        try checkInterrupt()
        let stills = startStills(input: input, scenes: analysis.scenes, reader: reader)
        logger.debug(
            "analysed",
            metadata: [
                "duration": "\(String(format: "%.3f", analysis.duration))", "cuts": "\(analysis.cuts.count)",
                "original.lufs": "\(analysed.originalLoudness.map { String(format: "%.1f", $0) } ?? "none")",
                "seconds": "\(clock.laps["analysis"] ?? 0)",
            ])
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
        logger.debug(
            "composed",
            metadata: [
                "style": "\(score.style)", "sections": "\(score.sections.count)", "tracks": "\(score.tracks.count)",
                "mode": "\(mode.rawValue)",
            ])

        let renderer = try rendererLoad.wait()
        clock.lap("soundfont")  // what is left of the font's loading once analysis is done
        let frameCount = ScoreRenderer.frameCount(duration: analysis.duration, sampleRate: 48_000)
        let music = try PCMSpool(folder: spoolFolder, for: outputPath)
        var musicMeter = try LoudnessMeter(
            channels: 2, sampleRate: 48_000, peaks: .sample, shortTermSeconds: Report.LoudnessCurves.stepSeconds)
        let stems = try options.stemsPath.map {
            try StemFiles(
                folder: $0, trackNames: score.tracks.map(\.name), frameCount: frameCount, replacing: options.force)
        }
        if let stems {
            try renderer.renderStems(score, progress: { progress.update(.render, $0) }) { mix, tracks in
                try checkInterrupt()
                try music.append(mix)
                try musicMeter.add(mix)
                try stems.append(mix: mix, tracks: tracks)
            }
        } else {
            try renderer.render(score, progress: { progress.update(.render, $0) }) { chunk in
                try checkInterrupt()
                try music.append(chunk)
                try musicMeter.add(chunk)
            }
        }
        clock.lap("rendering")

        progress.update(.mix, 0)
        try checkInterrupt()
        let musicCurve = musicMeter.shortTerm
        var programme = try self.programme(
            mode: mode, music: music, musicMeter: musicMeter, analysed: analysed, originalHeard: originalHeard,
            frameCount: frameCount, spoolFolder: spoolFolder, outputPath: outputPath)
        clock.lap("mixing")
        progress.update(.mix, 0.5)
        var gain = try loudnessGain(for: programme)
        if programme.mixesOriginal, let plan = programme.mixPlan, gain > MixBalance.largestOriginalBoost + 0.05 {
            // The limiter took more than planned, and making it up would raise the original past
            // its cap: the music takes the difference instead, and the mix is made again.
            programme = try remix(plan, musicGain: plan.musicGain + gain - MixBalance.largestOriginalBoost)
            gain = min(try loudnessGain(for: programme), MixBalance.largestOriginalBoost)
        }
        if programme.mixesOriginal {
            logOriginalGain(gain, programme: programme)
        }
        clock.lap("loudness")
        try checkInterrupt()

        let ceiling = options.truePeakLimit - 1  // AAC encoding can raise peaks a little
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
        progress.complete()

        var report = Report(input: options.input, analysis: analysis, includeFeatures: false)
        report.options = Report.Options(options)
        report.output = outputPath
        report.music = Report.Music(score: score, seed: options.seed, soundFont: soundFont)
        report.audio = Report.Audio(
            mode: mode.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
            target: options.lufs, codec: format.codec.rawValue,
            originalGain: programme.mixesOriginal ? Self.reportedGain(gain) : nil)
        addEvidence(
            to: &report, info: info, outputPath: outputPath, reader: reader, originalCurve: analysed.originalCurve,
            musicCurve: musicCurve, deliveredCurve: delivered.shortTerm, programme: programme, gain: gain)
        let pictures = collect(stills)
        if stills != nil { clock.lap("pictures") }  // what is left of taking them once the rest is done
        report.timings = clock.laps
        if let reportFile {
            try writeReport(report, stills: pictures, to: reportFile)
        }
        logger.info(
            "soundtrack written",
            metadata: ["file": "\(outputPath)", "seconds": "\(String(format: "%.1f", clock.total))"])
        logger.debug(
            "timings", metadata: clock.laps.mapValues { Logger.MetadataValue.string(String(format: "%.3f", $0)) })
        for line in FFmpegLog.tail {
            logger.debug("ffmpeg said", metadata: ["line": "\(line)"])
        }
        return report
    }

    /// Stops the job when it was interrupted (Ctrl-C, SIGTERM, a daemon's time limit) in a
    /// stage that FFmpeg's interrupt callback does not reach.
    func checkInterrupt() throws(PipelineError) {
        if interrupt.isSet { throw .media(.interrupted(path: options.input)) }
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

    static func write(_ bytes: [UInt8], to file: AtomicOutputFile) throws {
        try file.write(bytes)
        try file.commit()
    }
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
