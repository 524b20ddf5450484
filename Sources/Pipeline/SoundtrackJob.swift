#if canImport(Glibc)
import Glibc
#endif
import Analysis
import Audio
import Composition
import Foundation
import Logging
import MediaIO
import Rendering
import Threads

/// One input in (a video, words or photos: `JobInput`), one output out (a soundtracked video,
/// a slideshow, an audio file or a score): analysis, composition, rendering, mixing, delivery.
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

    /// Runs the job; on failure nothing is left under any output name. A song to re-style
    /// (`JobInput.song`) runs its own shorter chain, `SongJob`, behind this same call.
    public func run() throws(PipelineError) -> Report {
        if case .song = options.jobInput {
            var song = SongJob(options: options, logger: logger, progress: progress)
            song.interrupt = interrupt
            return try song.runReporting()
        }
        var stage: Stage?
        do {
            try options.validate()
            return try runStages(&stage)
        } catch {
            throw PipelineError.wrap(error, stage: stage)
        }
    }

    /// The chain: input -> analysis -> mood timeline -> composition -> rendering -> mixing ->
    /// delivery, each stage taking the values the one before it returned.
    /// `stage` follows the chain, so that a failure can say where it happened.
    private func runStages(_ stage: inout Stage?) throws -> Report {
        var clock = StageClock()
        let inputStage = InputStage(
            reader: MediaReader(interrupt: interrupt), photoReader: PhotoReader(interrupt: interrupt),
            notice: { [logger, input = options.input] in logger.notice("\($0)", metadata: ["file": "\(input)"]) })
        var opened = try inputStage.open(options.jobInput, prompt: options.prompt, duration: options.duration)
        progress.setMediaDuration(opened.statedDuration ?? 0)
        logProbe(opened)
        let (plan, notice) = try OutputPlanner.plan(options: options, input: opened)
        if let notice { logger.notice("\(notice)", metadata: ["file": "\(options.input)"]) }
        // Claim every output before the long work, so that a name that is taken fails at once.
        let output = try AtomicOutputFile(path: plan.path, replacing: options.force)
        let midiFile = try options.midiPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let reportFile = try options.reportPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let soundFont = try plan.delivery.rendersMusic
            ? options.renderer?.soundFontPath ?? SoundFontLocator.locate(explicit: options.soundFont) : nil
        let spoolPlace = SpoolPlace(output: plan.path)
        clock.lap("probe")
        logger.debug(
            "planned",
            metadata: [
                "output": "\(plan.path)", "codec": "\(plan.delivery.format?.codec.rawValue ?? "midi")",
                "soundfont": "\(soundFont ?? "none")",
            ])

        // Loading a SoundFont takes a second or so: do it while the input is analysed.
        let rendererLoad = soundFont.map { soundFont in
            Background { [threads = options.renderThreads, shared = options.renderer] in
                try shared ?? ScoreRenderer(soundFontPath: soundFont, threads: threads)
            }
        }
        stage = .analyse
        let mayMix =
            opened.hasSound && plan.delivery.rendersMusic && (options.audioMode == .mix || options.audioMode == .auto)
        let analysed = try inputStage.analyse(
            opened, prompt: options.prompt, keepAudioIn: mayMix ? spoolPlace : nil, bandwidth: plan.delivery.bandwidth,
            progress: { [progress] in progress.update(.analyse, $0) })
        clock.lap("analysis")
        var analysis = analysed.analysis
        try checkInterrupt()
        let stills = startStills(opened: opened, scenes: analysis.scenes, reader: inputStage.reader)
        logger.debug(
            "analysed",
            metadata: [
                "duration": "\(String(format: "%.3f", analysis.duration))", "cuts": "\(analysis.cuts.count)",
                "original.lufs": "\(analysed.originalLoudness.map { String(format: "%.1f", $0) } ?? "none")",
                "seconds": "\(clock.laps["analysis"] ?? 0)",
            ])
        let timeline = MoodTimeline(analysis)
        let mode = opened.hasSound ? Self.resolve(options.audioMode, originalSilent: analysis.originalAudioSilent) : .replace
        // Where the original speaks, for ducking: under way since the pictures left a core free.
        let originalHeard = mode == .mix ? analysed.originalHeard : nil

        stage = .compose
        progress.update(.compose, 0)
        let score = CompositionStage.compose(timeline, options: options)
        let scoreBytes = MIDIFile.data(for: score)
        try midiFile?.write(scoreBytes)
        if case .photos(var photos) = opened {
            photos.place(onDownbeats: score.bars.map { score.tempoMap.seconds(atTick: $0.startTick) })
            analysis = photos.shown(analysis)
            opened = .photos(photos)
        }
        clock.lap("composition")
        logger.debug(
            "composed",
            metadata: [
                "style": "\(score.style)", "sections": "\(score.sections.count)", "tracks": "\(score.tracks.count)",
                "mode": "\(mode.rawValue)",
            ])

        var report = Report(input: options.input, analysis: analysis, includeFeatures: false)
        report.options = Report.Options(options)
        report.output = plan.path
        report.music = Report.Music(score: score, seed: options.seed, soundFont: soundFont ?? "")
        // Stem files are made only with the music rendered.
        var stems: StemFiles?
        if let rendererLoad, let soundFont {
            stage = .render
            let renderer = try rendererLoad.wait()
            clock.lap("soundfont")  // what is left of the font's loading once analysis is done
            let frameCount = opened.audioFrameCount ?? AudioFormat.standard.frames(seconds: timeline.duration)
            stems = try options.stemsPath.map {
                try StemFiles(
                    folder: $0, trackNames: score.tracks.map(\.name), frameCount: frameCount, replacing: options.force)
            }
            let music = try RenderingStage(
                renderer: renderer, bandwidth: plan.delivery.bandwidth, checkInterrupt: checkInterrupt,
                progress: { progress.update(.render, $0) }
            ).render(score, into: spoolPlace.makeSpool(), stems: stems)
            clock.lap("rendering")

            stage = .mix
            progress.update(.mix, 0)
            try checkInterrupt()
            let mixing = MixingStage(
                lufs: options.lufs, truePeakLimit: options.truePeakLimit, input: options.input, interrupt: interrupt,
                logger: logger, peakHeadroom: plan.delivery.peakHeadroom)
            let (programme, gain) = try mixing.run(
                mode: mode, music: music, original: analysed, originalHeard: originalHeard, frameCount: frameCount)
            clock.lap("mixing")
            progress.update(.mix, 1)
            try checkInterrupt()

            stage = .write
            let delivered = try DeliveryStage(interrupt: interrupt, progress: { progress.update(.write, $0) })
                .deliver(
                    programme, gain: gain, ceiling: mixing.ceiling, target: options.lufs, plan: plan, output: output,
                    opened: opened,
                    frameCount: frameCount, title: "Soundtrack: \(score.style)", soundtrackFirst: mode != .add,
                    photoReader: inputStage.photoReader)
            for note in delivered.notes {
                logger.notice("\(note)", metadata: ["file": "\(options.input)", "stage": "write"])
            }
            report.music?.soundFont = soundFont
            report.audio = Report.Audio(
                mode: mode.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
                target: options.lufs, codec: plan.delivery.format?.codec.rawValue ?? "",
                originalGain: programme.mixesOriginal ? MixingStage.reportedGain(gain) : nil)
            report.loudness = loudnessCurves(
                original: analysed.originalCurve, music: music.shortTerm, delivered: delivered.shortTerm,
                programme: programme, gain: gain)
        } else {
            stage = .write
            try output.write(scoreBytes)
        }
        try options.checkBeforePublish(plan.path)
        try output.commit()
        try midiFile?.commit()
        try stems?.commit()
        clock.lap("writing")
        progress.complete()
        report.media = media(opened: opened, plan: plan, reader: inputStage.reader)
        let pictures = collect(stills)
        if stills != nil { clock.lap("pictures") }  // what is left of taking them once the rest is done
        report.timings = clock.laps
        if let reportFile {
            try writeReport(report, stills: pictures, to: reportFile)
        }
        logger.info(
            "soundtrack written",
            metadata: ["file": "\(plan.path)", "seconds": "\(String(format: "%.1f", clock.total))"])
        logger.debug(
            "timings", metadata: clock.laps.mapValues { Logger.MetadataValue.string(String(format: "%.3f", $0)) })
        for line in FFmpegLog.tail {
            logger.debug("ffmpeg said", metadata: ["line": "\(line)"])
        }
        return report
    }

    private func logProbe(_ opened: OpenedInput) {
        switch opened {
        case .words(let analysis):
            logger.debug("words read", metadata: ["file": "\(options.input)", "cues": "\(analysis.scenes.count)"])
        case .photos(let photos):
            logger.debug(
                "photos opened",
                metadata: [
                    "file": "\(options.input)", "photos": "\(photos.files.count)",
                    "duration": "\(String(format: "%.3f", photos.timing.duration))",
                ])
        case .video(_, let info):
            logger.debug(
                "probed",
                metadata: [
                    "file": "\(options.input)", "container": "\(info.formatName)",
                    "duration": "\(info.duration.map { String(format: "%.3f", $0) } ?? "unknown")",
                    "streams": "\(info.streams.map { "\($0.kind.rawValue):\($0.codecName)" }.joined(separator: ","))",
                ])
        }
    }

    /// Stops the job when it was interrupted (Ctrl-C, SIGTERM, a daemon's time limit) in a
    /// stage that FFmpeg's interrupt callback does not reach.
    func checkInterrupt() throws(PipelineError) {
        if interrupt.isSet { throw .media(.interrupted(path: options.input)) }
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
