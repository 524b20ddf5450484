import Analysis
import Audio
import Composition
import Foundation
import Logging
import MediaIO
import Mixing
import Rendering
import Threads

/// Photos in, a slideshow with music out: each photo is a scene, its mood from the picture
/// encoder; the composer lands a downbeat on every planned photo change, and the photos then
/// change at the bar starts it wrote; the music is rendered, brought to the loudness target and
/// written with the pictures (H.264 and AAC) into a new file.
///
/// The music stages (composition, rendering, loudness) are the video job's; only the input
/// (photos instead of a video) and the delivery (a new video instead of a remux) differ.
public struct SlideshowJob {
    public var options: SlideshowOptions
    public var logger: Logger
    public var progress: ProgressReporter
    public var interrupt = InterruptFlag()

    /// Each photo is measured at about the size the video analysis reads frames at.
    static let analysisBox = PixelSize(width: 64, height: 64)

    public init(options: SlideshowOptions, logger: Logger, progress: ProgressReporter) {
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
        let music = options.music
        let paths = try PhotoInputs.expand(options.inputs)
        let timing: SlideshowTiming
        do {
            timing = try SlideshowTiming.plan(
                photos: paths.count, secondsPerPhoto: options.secondsPerPhoto, duration: options.duration,
                framesPerSecond: options.framesPerSecond)
        } catch {
            throw PipelineError.usage(error.description)
        }
        progress.setMediaDuration(timing.duration)

        // Every photo is opened and read before anything is written: a bad one fails the job at once.
        let reader = PhotoReader(interrupt: interrupt)
        var files: [InputFile] = []
        var pictures: [Picture] = []
        for (index, path) in paths.enumerated() {
            let file = try InputFile(path: path)
            let photo = try reader.read(file, fitting: Self.analysisBox)
            files.append(file)
            pictures.append(Picture(time: timing.starts[index], width: photo.size.width, height: photo.size.height, rgb: photo.rgb))
            progress.update(.analyse, Double(index + 1) / Double(paths.count))
            try checkInterrupt()
        }
        var analysis = PhotoScenes.analysis(
            pictures: pictures, timing: timing, prompt: music.prompt, moving: options.motion)
        clock.lap("analysis")

        let outputPath = try plannedOutput()
        let format = OutputFormat.forPath(outputPath) ?? .mp4
        let output = try AtomicOutputFile(path: outputPath, replacing: music.force)
        let midiFile = try music.midiPath.map { try AtomicOutputFile(path: $0, replacing: music.force) }
        let reportFile = try music.reportPath.map { try AtomicOutputFile(path: $0, replacing: music.force) }
        let soundFont = try music.renderer?.soundFontPath ?? SoundFontLocator.locate(explicit: music.soundFont)
        let rendererLoad = Background { [threads = music.renderThreads, shared = music.renderer] in
            try shared ?? ScoreRenderer(soundFontPath: soundFont, threads: threads)
        }

        progress.update(.compose, 0)
        let score = CompositionStage.compose(MoodTimeline(analysis), options: music)
        // The photos change where the composer put the bars: each planned change moves to the
        // nearest bar start (it is one, to the sample, unless the composer could not fit it).
        let downbeats = score.bars.map { score.tempoMap.seconds(atTick: $0.startTick) }
        let shotFrames = timing.frames(changingAtNearest: downbeats)
        analysis = Self.shown(analysis, shotFrames: shotFrames, framesPerSecond: options.framesPerSecond)
        try midiFile?.write(MIDIFile.data(for: score))
        clock.lap("composition")
        logger.debug(
            "composed",
            metadata: [
                "style": "\(score.style)", "photos": "\(paths.count)", "planned": "\(timing.plannedFrames)",
                "frames": "\(shotFrames)",
            ])

        let renderer = try rendererLoad.wait()
        clock.lap("soundfont")
        let spool = try PCMSpool(folder: AtomicOutputFile.folder(of: outputPath), for: outputPath)
        var meter = try LoudnessMeter(
            channels: AudioFormat.standard.channels, sampleRate: AudioFormat.standard.sampleRate, peaks: .sample)
        try renderer.render(score, progress: { progress.update(.render, $0) }) { chunk in
            try checkInterrupt()
            try spool.append(chunk)
            try meter.add(chunk)
        }
        clock.lap("rendering")

        progress.update(.mix, 0)
        let mixing = MixingStage(
            lufs: music.lufs, truePeakLimit: music.truePeakLimit, input: music.input, interrupt: interrupt, logger: logger)
        let programme = Programme(spool: spool, loudness: meter.integratedLoudness, samplePeak: meter.samplePeak)
        let gain = try mixing.loudnessGain(for: programme)
        let source = try LimitedSource(programme: spool, gain: gain, ceiling: mixing.ceiling)
        clock.lap("loudness")
        try checkInterrupt()

        let settings = SlideshowSettings(
            frameSize: options.frameSize, framesPerSecond: options.framesPerSecond, motion: options.motion)
        try SlideshowWriter(settings: settings, interrupt: interrupt).write(
            output: output, format: format, shotFrames: shotFrames,
            photo: { index in try reader.read(files[index], fitting: options.frameSize) },
            title: "Soundtrack: \(score.style)", source: source.read, progress: { progress.update(.write, $0) })
        try output.commit()
        try midiFile?.commit()
        let delivered = source.measurements()
        clock.lap("writing")
        progress.complete()

        var report = Report(input: music.input, analysis: analysis, includeFeatures: false)
        report.options = Report.Options(music)
        report.output = outputPath
        report.music = Report.Music(score: score, seed: music.seed, soundFont: soundFont)
        report.audio = Report.Audio(
            mode: AudioMode.replace.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
            target: music.lufs, codec: format.codec.rawValue)
        report.timings = clock.laps
        if let reportFile {
            try SoundtrackJob.write(Array(try report.jsonData()), to: reportFile)
        }
        logger.info(
            "slideshow written",
            metadata: [
                "file": "\(outputPath)", "photos": "\(paths.count)",
                "seconds": "\(String(format: "%.1f", clock.total))",
            ])
        return report
    }

    /// The analysis with each photo's scene where it is actually shown.
    static func shown(_ analysis: AnalysisResult, shotFrames: [Int], framesPerSecond: Int) -> AnalysisResult {
        var result = analysis
        var frame = 0
        for index in result.scenes.indices {
            result.scenes[index].start = Double(frame) / Double(framesPerSecond)
            frame += shotFrames[index]
            result.scenes[index].end = Double(frame) / Double(framesPerSecond)
        }
        result.cuts = result.scenes.dropFirst().map(\.start)
        return result
    }

    /// Where the slideshow goes: `-o` (a video container that holds H.264), else beside the first input.
    private func plannedOutput() throws(PipelineError) -> String {
        let music = options.music
        if let requested = music.output {
            guard let format = OutputFormat.forPath(requested), format.codec == .aac else {
                throw .usage("\(requested): a slideshow is H.264 video; name the output .mp4, .m4v, .mov or .mkv")
            }
            return requested
        }
        let beside = SlideshowOptions.defaultOutputPath(for: music.input)
        guard let folder = music.outputFolder else { return beside }
        let name = beside.split(separator: "/").last.map(String.init) ?? beside
        return folder.hasSuffix("/") ? folder + name : "\(folder)/\(name)"
    }

    func checkInterrupt() throws(PipelineError) {
        if interrupt.isSet { throw .media(.interrupted(path: options.music.input)) }
    }
}
