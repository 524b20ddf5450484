import Analysis
import MediaIO
import Rendering

/// What the analysis pass leaves for the later stages.
struct AnalysisOutcome {
    var summary: ReadSummary
    var analysis: AnalysisResult
    /// The original sound on the video timeline, when the file has any and it may be mixed.
    var originalAudio: PCMSpool?
    /// Integrated loudness of the original sound, LUFS.
    var originalLoudness: Double?
}

/// Reads the video once: pictures and sound to the analyser, the sound also to a spool for mixing.
enum AnalysisStage {
    static func run(
        input: String, prompt: String?, keepAudioIn spoolPlace: (folder: String, output: String)?, reader: MediaReader,
        progress: (Double) -> Void
    ) throws -> AnalysisOutcome {
        var analyzer = Analyzer(prompt: prompt)
        let spool = try spoolPlace.map { place throws(PipelineError) in try PCMSpool(folder: place.folder, for: place.output) }
        var meter = spool == nil ? nil : try LoudnessMeter(channels: 2, sampleRate: 48_000, truePeak: false)
        let summary = try reader.read(
            input,
            video: VideoReadOptions(frames: .references, width: 64, height: 36),
            onVideo: { frame in
                analyzer.add(Picture(time: frame.time, width: frame.width, height: frame.height, rgb: frame.rgb))
            },
            onAudio: { chunk in
                analyzer.add(audio: chunk.samples)
                if let spool {
                    try chunk.samples.withUnsafeBufferPointer { samples in
                        try spool.append(samples)
                        try meter?.add(samples)
                    }
                }
            },
            onSubtitle: { cue in analyzer.addSubtitle(start: cue.start, end: cue.end, text: cue.text) },
            progress: progress)
        let analysis = analyzer.finish(duration: summary.videoDuration)
        let loudness = meter?.integratedLoudness
        return AnalysisOutcome(
            summary: summary, analysis: analysis, originalAudio: summary.audioFrameCount > 0 ? spool : nil,
            originalLoudness: loudness)
    }
}
