import Analysis
import Composition
import Foundation
import Logging
import MediaIO
import Mixing
import Rendering

/// Words in, music out: `--prompt` alone or a cue sheet, composed, rendered and brought to the
/// loudness target as a video's music is, and written as a WAV file (48 kHz stereo, 32-bit
/// float) or, for `.mid`, as the score alone.
///
/// A stop-gap beside `SoundtrackJob` until words are an input of the stage chain: it reuses the
/// composer, the renderer, `SoundtrackJob.loudnessGain` and the true-peak limiter.
public struct WordsJob {
    public var options: JobOptions
    public var logger: Logger
    public var progress: ProgressReporter
    public var interrupt = InterruptFlag()

    public init(options: JobOptions, logger: Logger, progress: ProgressReporter) {
        self.options = options
        self.logger = logger
        self.progress = progress
    }

    /// Whether a job's input is words rather than a video: no input file (a prompt alone), or a
    /// cue sheet.
    public static func takes(input: String) -> Bool {
        input.isEmpty || WordsInput.isCueSheet(input)
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
        let analysis = try analyse()
        let outputPath = try plannedOutput()
        let isMIDI = outputPath.lowercased().hasSuffix(".mid")
        if options.stemsPath != nil {
            throw PipelineError.usage("--stems is not available for music from words yet; leave it out")
        }
        let output = try AtomicOutputFile(path: outputPath, replacing: options.force)
        let midiFile = try options.midiPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let reportFile = try options.reportPath.map { try AtomicOutputFile(path: $0, replacing: options.force) }
        let soundFont =
            isMIDI ? nil : try options.renderer?.soundFontPath ?? SoundFontLocator.locate(explicit: options.soundFont)
        clock.lap("analysis")

        progress.update(.compose, 0)
        let score = CompositionStage.compose(MoodTimeline(analysis), options: options)
        let scoreBytes = MIDIFile.data(for: score)
        try midiFile?.write(scoreBytes)
        clock.lap("composition")

        var report = Report(input: options.input, analysis: analysis, includeFeatures: false)
        report.options = Report.Options(options)
        report.output = outputPath
        report.music = Report.Music(score: score, seed: options.seed, soundFont: soundFont ?? "")
        if let soundFont {
            let delivered = try render(score, soundFont: soundFont, into: output, outputPath: outputPath)
            report.audio = Report.Audio(
                mode: AudioMode.replace.rawValue, lufs: delivered.loudness, truePeak: delivered.truePeak,
                target: options.lufs, codec: "pcm_f32le", originalGain: nil)
            clock.lap("rendering")
        } else {
            try output.write(scoreBytes)
        }
        try output.commit()
        try midiFile?.commit()
        progress.complete()
        report.timings = clock.laps
        if let reportFile {
            try SoundtrackJob.write(Array(try report.jsonData()), to: reportFile)
        }
        logger.info("soundtrack written", metadata: ["file": "\(outputPath)"])
        return report
    }

    /// The moods: one for a prompt, one per cue for a cue sheet.
    private func analyse() throws -> AnalysisResult {
        guard !options.input.isEmpty else {
            guard let prompt = options.prompt, let duration = options.duration else {
                throw PipelineError.usage("--prompt without an input needs --duration SECONDS, the length of the music")
            }
            try WordsInput.check(duration: duration)
            if WordMood.mood(of: prompt) == nil {
                logger.notice("no word of the prompt carries a mood that soundtrack knows; the music is neutral")
            }
            return AnalysisResult(prompt: prompt, duration: duration)
        }
        let sheet = try WordsInput.cueSheet(at: options.input)
        let (seconds, notice) = try WordsInput.duration(of: sheet, requested: options.duration, path: options.input)
        if let notice { logger.notice("\(notice)", metadata: ["file": "\(options.input)"]) }
        return AnalysisResult(cues: sheet, duration: seconds)
    }

    /// `-o` (a `.wav` or `.mid`), or `NAME.soundtrack.wav` beside the cue sheet (or in `-o DIR`).
    private func plannedOutput() throws -> String {
        if let output = options.output {
            let lower = output.lowercased()
            guard lower.hasSuffix(".wav") || lower.hasSuffix(".mid") else {
                throw PipelineError.usage(
                    "\(output): music from words is written as .wav or .mid (words have no pictures)")
            }
            return output
        }
        let name = options.input.split(separator: "/").last.map(String.init) ?? options.input
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        let folder = options.outputFolder ?? AtomicOutputFile.folder(of: options.input)
        return "\(folder)/\(stem).soundtrack.wav"
    }

    /// Renders the score, brings it to the loudness target under the true-peak limiter and writes
    /// it into `output` as a float WAV exactly as long as the score.
    private func render(
        _ score: Score, soundFont: String, into output: AtomicOutputFile, outputPath: String
    ) throws -> (loudness: Double, truePeak: Double) {
        let renderer = try options.renderer ?? ScoreRenderer(soundFontPath: soundFont, threads: options.renderThreads)
        let frameCount = ScoreRenderer.frameCount(duration: score.duration, sampleRate: 48_000)
        let music = try PCMSpool(folder: AtomicOutputFile.folder(of: outputPath), for: outputPath)
        var meter = try LoudnessMeter(channels: 2, sampleRate: 48_000, peaks: .sample)
        try renderer.render(score, progress: { progress.update(.render, $0) }) { chunk in
            if interrupt.isSet { throw PipelineError.media(.interrupted(path: options.input)) }
            try music.append(chunk)
            try meter.add(chunk)
        }
        progress.update(.mix, 0)
        let mixing = MixingStage(
            lufs: options.lufs, truePeakLimit: options.truePeakLimit, input: options.input, interrupt: interrupt,
            logger: logger)
        let gain = try mixing.loudnessGain(
            for: Programme(spool: music, loudness: meter.integratedLoudness, samplePeak: meter.samplePeak))
        let source = try LimitedSource(programme: music, gain: gain, ceiling: options.truePeakLimit)
        progress.update(.write, 0)
        try output.write(StemFiles.header(frameCount: frameCount))
        var buffer = [Float](repeating: 0, count: 8192 * 2)
        var written = 0
        while written < frameCount {
            let frames = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0) }
            let kept = min(frames, frameCount - written)
            if kept == 0 {
                buffer = [Float](repeating: 0, count: min(8192, frameCount - written) * 2)
                try output.write(Self.bytes(buffer[...]))
                written += buffer.count / 2
                continue
            }
            try output.write(Self.bytes(buffer[0..<(kept * 2)]))
            written += kept
        }
        while try buffer.withUnsafeMutableBufferPointer({ try source.read(into: $0) }) > 0 {}
        let measured = source.measurements()
        return (measured.loudness, measured.truePeak)
    }

    private static func bytes(_ samples: ArraySlice<Float>) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(samples.count * 4)
        for sample in samples {
            withUnsafeBytes(of: sample.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }
}
