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
/// target under the true-peak limiter and delivered by `DeliveryStage` as an audio file
/// (`.m4a .wav .flac .opus .mp3`) or, under a `--picture` (`SongPicture`), as a video.
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
        try Self.check(delivery, path: outputPath, picture: options.picture)
        try OutputPlanner.check(delivery, options: options)
        try OutputPlanner.checkDistinct(output: outputPath, options: options)
        let reader = MediaReader(interrupt: interrupt)
        let photoReader = PhotoReader(interrupt: interrupt)
        let picture = try options.picture.map {
            try SongPicture.open($0, shown: options.pictureFrame, reader: reader, photoReader: photoReader)
        }
        if let picture, picture.isPhoto, case .video(let format) = delivery, format.codec != .aac {
            throw PipelineError.usage("\(outputPath): a photo under a song is H.264 video; name the output .mp4, .m4v, .mov or .mkv")
        }
        stage = .analyse
        let analysis = try SongInput.analysis(at: options.input, melodyTrack: options.melodyTrack)
        clock.lap("analysis")
        let output = try AtomicOutputFile(path: outputPath, replacing: options.force)
        let midiFile = try options.midiPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let reportFile = try options.reportPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
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

        var song = SongReport(input: options.input, analysis: analysis)
        var report = Report(
            input: options.input, analysis: AnalysisResult(prompt: "", duration: score.duration), includeFeatures: false)
        report.options = Report.Options(options)
        report.output = outputPath
        report.music = Report.Music(score: score, seed: options.seed, soundFont: soundFont ?? "")
        var stemFiles: StemFiles?
        if let soundFont {
            let shown = try picture?.opened(duration: score.duration)
            let frameCount = shown?.audioFrameCount ?? AudioFormat.standard.frames(seconds: score.duration)
            let stems = try options.stemsPath.map {
                try StemFiles(
                    folder: $0, trackNames: score.tracks.map(\.name), frameCount: frameCount, replacing: options.force)
            }
            stage = .render
            let music = try render(
                score, soundFont: soundFont, outputPath: outputPath, bandwidth: delivery.bandwidth, stems: stems)
            clock.lap("rendering")
            stage = .mix
            progress.update(.mix, 0)
            let mixing = MixingStage(
                lufs: options.lufs, truePeakLimit: options.truePeakLimit, input: options.input, interrupt: interrupt,
                logger: logger, peakHeadroom: delivery.peakHeadroom)
            let programme = Programme(source: .music(music.spool))
            let gain = try mixing.loudnessGain(for: programme, loudness: music.loudness, samplePeak: music.samplePeak)
            clock.lap("mixing")
            stage = .write
            let delivered = try DeliveryStage(interrupt: interrupt, progress: { progress.update(.write, $0) }).deliver(
                programme, gain: gain, ceiling: mixing.ceiling, target: options.lufs,
                plan: OutputPlan(path: outputPath, delivery: delivery),
                output: output, opened: shown ?? .words(AnalysisResult(prompt: "", duration: score.duration)), frameCount: frameCount,
                title: "Re-styled: \(score.style)", soundtrackFirst: true, photoReader: photoReader, pictureOnly: true)
            for note in delivered.notes {
                logger.notice("\(note)", metadata: ["file": "\(options.picture ?? options.input)", "stage": "write"])
            }
            report.audio = Report.Audio(
                mode: AudioMode.replace.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
                target: options.lufs, codec: delivery.format?.codec.rawValue ?? "", originalGain: nil)
            report.loudness = Report.LoudnessCurves(
                original: nil, music: music.shortTerm, delivered: delivered.shortTerm, duck: nil,
                duckBlockSeconds: 0, musicGain: gain)
            stemFiles = stems
        } else {
            stage = .write
            try output.write(scoreBytes)
        }
        try options.checkBeforePublish(outputPath)
        try output.commit()
        try midiFile?.commit()
        try stemFiles?.commit()
        clock.lap("writing")
        progress.complete()
        report.timings = clock.laps
        report.media = Report.Media(
            input: SongInput.isSong(options.input)
                ? nil : (try? reader.describe(options.input)).map { Report.MediaFile(path: options.input, info: $0) },
            output: delivery == .midi
                ? nil : (try? reader.describe(outputPath)).map { Report.MediaFile(path: outputPath, info: $0) })
        song.output = outputPath
        song.music = report.music
        song.audio = report.audio
        song.timings = clock.laps
        if let reportFile {
            let bytes =
                HTMLReport.isHTMLPath(reportFile.path)
                ? Array(HTMLReport(report: report, stills: [], song: song).render().utf8) : Array(try song.jsonData())
            try SoundtrackJob.write(bytes, to: reportFile)
        }
        logger.info("re-styled song written", metadata: ["file": "\(outputPath)"])
        return report
    }

    /// What a song can be delivered as: a video only under a picture, and a picture only in a video.
    static func check(_ delivery: Delivery, path: String, picture: String?) throws(PipelineError) {
        switch delivery {
        case .video where picture == nil:
            throw .usage(
                "\(path): a re-styled song has no pictures of its own; give --picture PHOTO|VIDEO to put it under one, "
                    + "or name .mid or an audio file (.m4a .wav .flac .opus .mp3)")
        case .audio, .midi:
            if picture != nil {
                throw .usage("--picture puts the song under a picture in a video; name the output .mp4, .m4v, .mov or .mkv")
            }
        default:
            break
        }
    }

    /// `NAME.soundtrack.mid` beside the song (or in `-o DIR`); `.mp4` under a `--picture`.
    private func defaultOutput() -> String {
        let name = options.input.split(separator: "/").last.map(String.init) ?? options.input
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        let folder = options.outputFolder ?? AtomicOutputFile.folder(of: options.input)
        return "\(folder)/\(stem).soundtrack.\(options.picture == nil ? "mid" : "mp4")"
    }

    /// Renders the score into a spool beside the output (and the stems, when asked for), metered.
    private func render(
        _ score: Score, soundFont: String, outputPath: String, bandwidth: Double?, stems: StemFiles?
    ) throws -> RenderedMusic {
        let renderer = try options.renderer ?? ScoreRenderer(soundFontPath: soundFont, threads: options.renderThreads)
        return try RenderingStage(
            renderer: renderer, bandwidth: bandwidth,
            checkInterrupt: { if interrupt.isSet { throw PipelineError.media(.interrupted(path: options.input)) } },
            progress: { progress.update(.render, $0) }
        ).render(score, into: SpoolPlace(output: outputPath).makeSpool(), stems: stems)
    }
}
