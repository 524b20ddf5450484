import Analysis
import Audio
import Composition
import Foundation
import Logging
import MediaIO
import Mixing
import Rendering

/// A song re-styled: a MIDI file read and analysed (`SongInput`), re-arranged in the style
/// asked for (`Restyler`), and written as a MIDI file, or rendered, brought to the loudness
/// target under the true-peak limiter and encoded as an audio file (`.m4a .wav .flac .opus .mp3`).
public struct SongJob {
    public var options: JobOptions
    public var logger: Logger
    public var progress: ProgressReporter
    public var interrupt = InterruptFlag()

    public init(options: JobOptions, logger: Logger, progress: ProgressReporter) {
        self.options = options
        self.logger = logger
        self.progress = progress
    }

    public static func takes(input: String) -> Bool {
        if case .song = JobInput.classify(path: input) { return true }
        return false
    }

    /// Runs the job and returns the output's path; on failure nothing is left under any output name.
    public func run() throws(PipelineError) -> String {
        try runReporting().output ?? ""
    }

    /// Runs the job; the report carries what the daemon needs of it (the output, the length).
    public func runReporting() throws(PipelineError) -> Report {
        var stage: Stage?
        do {
            try options.validate()
            return try runStages(&stage)
        } catch {
            throw PipelineError.wrap(error, stage: stage)
        }
    }

    private func runStages(_ stage: inout Stage?) throws -> Report {
        var clock = StageClock()
        let outputPath = options.output ?? defaultOutput()
        let delivery = try OutputPlanner.delivery(forPath: outputPath)
        if case .video = delivery {
            throw PipelineError.usage("\(outputPath): a re-styled song is written as .mid or an audio file (.m4a .wav .flac .opus .mp3)")
        }
        try OutputPlanner.check(delivery, options: options)
        if options.stemsPath != nil {
            throw PipelineError.usage("--stems is not available for re-styled songs yet; leave it out")
        }
        stage = .analyse
        let analysis = try SongInput.analysis(at: options.input, melodyTrack: options.melodyTrack)
        clock.lap("analysis")
        let output = try AtomicOutputFile(path: outputPath, replacing: options.force)
        let midiFile = try options.midiPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let jsonReport = options.reportPath.flatMap { $0.lowercased().hasSuffix(".html") ? nil : $0 }
        let reportFile = try jsonReport.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        if options.reportPath?.lowercased().hasSuffix(".html") == true {
            logger.notice("the HTML report is not made for re-styled songs yet; give --report NAME.json")
        }
        let soundFont =
            delivery.rendersMusic
            ? try options.renderer?.soundFontPath ?? SoundFontLocator.locate(explicit: options.soundFont) : nil

        stage = .compose
        progress.update(.compose, 0)
        let score = Restyler(style: options.style, seed: options.seed).restyle(analysis)
        let scoreBytes = MIDIFile.data(for: score)
        try midiFile?.write(scoreBytes)
        clock.lap("composition")
        logger.debug(
            "re-styled",
            metadata: [
                "style": "\(score.style)", "key": "\(analysis.key.name)", "bars": "\(analysis.bars.count)",
                "melody.notes": "\(analysis.melody.count)",
            ])

        var report = SongReport(input: options.input, analysis: analysis)
        report.output = outputPath
        report.music = Report.Music(score: score, seed: options.seed, soundFont: soundFont ?? "")
        if case .audio(let format) = delivery, let soundFont {
            stage = .render
            let delivered = try render(score, soundFont: soundFont, format: format, into: output, outputPath: outputPath)
            report.audio = Report.Audio(
                mode: AudioMode.replace.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
                target: options.lufs, codec: format.codec.rawValue, originalGain: nil)
            clock.lap("rendering")
        } else {
            stage = .write
            try output.write(scoreBytes)
        }
        try output.commit()
        try midiFile?.commit()
        progress.complete()
        report.timings = clock.laps
        if let reportFile {
            try SoundtrackJob.write(Array(try report.jsonData()), to: reportFile)
        }
        logger.info("re-styled song written", metadata: ["file": "\(outputPath)"])
        var done = Report(
            input: options.input, analysis: AnalysisResult(prompt: "", duration: score.duration), includeFeatures: false)
        done.output = outputPath
        done.music = report.music
        done.audio = report.audio
        done.timings = clock.laps
        return done
    }

    /// `NAME.soundtrack.mid` beside the song (or in `-o DIR`).
    private func defaultOutput() -> String {
        let name = options.input.split(separator: "/").last.map(String.init) ?? options.input
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        let folder = options.outputFolder ?? AtomicOutputFile.folder(of: options.input)
        return "\(folder)/\(stem).soundtrack.mid"
    }

    /// Renders the score, brings it to the loudness target under the true-peak limiter and
    /// encodes it into `output`, exactly as long as the score.
    private func render(
        _ score: Score, soundFont: String, format: OutputFormat, into output: AtomicOutputFile, outputPath: String
    ) throws -> (loudness: Double, truePeak: Double) {
        let renderer = try options.renderer ?? ScoreRenderer(soundFontPath: soundFont, threads: options.renderThreads)
        let frameCount = AudioFormat.standard.frames(seconds: score.duration)
        let music = try RenderingStage(
            renderer: renderer,
            checkInterrupt: { if interrupt.isSet { throw PipelineError.media(.interrupted(path: options.input)) } },
            progress: { progress.update(.render, $0) }
        ).render(score, into: SpoolPlace(output: outputPath).makeSpool(), stems: nil)
        progress.update(.mix, 0)
        let mixing = MixingStage(
            lufs: options.lufs, truePeakLimit: options.truePeakLimit, input: options.input, interrupt: interrupt,
            logger: logger)
        let gain = try mixing.loudnessGain(
            for: Programme(spool: music.spool, loudness: music.loudness, samplePeak: music.samplePeak))
        let source = try LimitedSource(programme: music.spool, gain: gain, ceiling: mixing.ceiling)
        try AudioFileWriter(interrupt: interrupt).write(
            output: output, format: format, frameCount: frameCount, title: "Re-styled: \(score.style)",
            source: source.read, progress: { progress.update(.write, $0) })
        let measured = source.measurements()
        return (measured.loudness, measured.truePeak)
    }
}
