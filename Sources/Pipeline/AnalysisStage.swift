import Analysis
import Audio
import MediaIO
import Mixing
import Threads
import Foundation
import Synchronization

/// What the analysis pass leaves for the later stages.
struct AnalysisOutcome {
    /// How the video was read (nil for inputs that are not videos).
    var summary: ReadSummary?
    var analysis: AnalysisResult
    /// The original sound on the video timeline, when the file has any and it may be mixed.
    var originalAudio: PCMSpool?
    /// Integrated loudness of the original sound, LUFS.
    var originalLoudness: Double?
    /// Short-term loudness of the original sound over time (see `Report.LoudnessCurves`).
    var originalCurve: [Double]? = nil
    /// The original sound's gating-block powers (`GatingBlocks`), for planning a mix.
    var originalBlocks: [Double]? = nil
    /// Where the original speaks, for ducking (`MixProgramme.analyse`): under way on a core the
    /// pictures have left, when the sound was kept.
    var originalHeard: Background<MixProgramme.OriginalAnalysis>? = nil
}

/// Reads the video for analysis. The pictures of a long video are decoded in stretches on
/// several threads at once (a decoder mostly uses one core however many threads it is given,
/// because each frame waits for the one it refers to); the sound and subtitles are read by one
/// more pass beside them, which also parks the sound in a spool for mixing: limited to the band
/// the delivery's encoder keeps (`BandLimit`), so that it is metered and mixed as it will sound.
enum AnalysisStage {
    static let parallelStretches = 2

    static func run(
        input: InputFile, info: MediaInfo, prompt: String?, keepAudioIn spoolPlace: SpoolPlace?, bandwidth: Double?,
        reader: MediaReader, progress: @escaping @Sendable (Double) -> Void
    ) throws -> AnalysisOutcome {
        let splits = try reader.splitPoints(input, parts: parallelStretches)
        let bounds = [0] + splits + [Double.infinity]
        let stretches = (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
        let tracker = ProgressTracker(parts: stretches.count, report: progress)
        let length = info.duration ?? 1
        // Signalled as each stretch's pictures are done: a core is free from then on.
        let stretchDone = DispatchSemaphore(value: 0)
        let pictureWork = stretches.enumerated().map { index, stretch in
            Background { () throws -> PictureTrack in
                defer { stretchDone.signal() }
                var track = PictureTrack()
                let options = VideoReadOptions(
                    frames: .references, width: 64, height: 36, threads: stretches.count > 1 ? 1 : 0)
                let end = min(stretch.upperBound, length)
                _ = try reader.read(
                    input, video: options, segment: stretches.count > 1 ? stretch : nil,
                    onVideo: { frame in
                        track.add(Picture(time: frame.time, width: frame.width, height: frame.height, rgb: frame.rgb))
                        tracker.update(index, (frame.time - stretch.lowerBound) / max(0.001, end - stretch.lowerBound))
                    })
                tracker.update(index, 1)
                return track
            }
        }

        // Sound and subtitles, on this thread while the pictures decode.
        var analyzer = Analyzer(prompt: prompt)
        if info.video.frameRate > 0 { analyzer.detector.frameSeconds = 1 / info.video.frameRate }
        let spool = try spoolPlace.map { place throws(PipelineError) in try place.makeSpool() }
        var meter = spool == nil ? nil : try LoudnessMeter(
            peaks: .none, shortTermSeconds: Report.LoudnessCurves.stepSeconds)
        var bandLimit = bandwidth.flatMap { BandLimit(corner: $0, sampleRate: AudioFormat.standard.sampleRate) }
        let summary = try reader.read(
            input, video: nil,
            onAudio: { chunk in
                analyzer.add(audio: chunk.samples)
                if let spool {
                    var kept = chunk.samples
                    bandLimit?.apply(&kept)
                    try kept.withUnsafeBufferPointer { samples in
                        try spool.append(samples)
                        try meter?.add(samples)
                    }
                }
            },
            onSubtitle: { cue in analyzer.addSubtitle(start: cue.start, end: cue.end, text: cue.text) })
        for cue in sidecarSubtitles(beside: input.path) {
            analyzer.addSubtitle(start: cue.start, end: cue.end, text: cue.text)
        }
        // Listening for speech in the spooled sound (for a mix; silence has none) takes a core
        // the rendering needs later: start it once the first stretch of pictures is done, while
        // the others finish.
        let original = summary.audioFrameCount > 0 ? spool : nil
        let originalLoudness = meter?.integratedLoudness
        var originalHeard: Background<MixProgramme.OriginalAnalysis>?
        if let original, originalLoudness?.isFinite == true {
            stretchDone.wait()
            originalHeard = Background { [blocks = meter?.blockPowers ?? []] in
                try MixProgramme.analyse(original: original, blocks: blocks)
            }
        }
        for work in pictureWork {
            analyzer.add(try work.wait())
        }
        // Cuts seen across skipped B-frames: decode just those frames to put each on its frame.
        let gaps = analyzer.cutsToRefine()
        var inside = [[Picture]](repeating: [], count: gaps.count)
        try reader.pictures(input, inside: gaps) { index, frame in
            inside[index].append(Picture(time: frame.time, width: frame.width, height: frame.height, rgb: frame.rgb))
        }
        for (gap, pictures) in zip(gaps, inside) {
            analyzer.refine(gap: gap, pictures: pictures)
        }
        let analysis = analyzer.finish(duration: summary.videoDuration)
        return AnalysisOutcome(
            summary: summary, analysis: analysis, originalAudio: original,
            originalLoudness: originalLoudness, originalCurve: meter?.shortTerm,
            originalBlocks: meter?.blockPowers, originalHeard: originalHeard)
    }
}

extension AnalysisStage {
    /// Subtitles in a SubRip file beside the video (`NAME.srt` for `NAME.mp4`), when there is
    /// one: a regular file of at most 2 MB; anything else is ignored.
    static func sidecarSubtitles(beside videoPath: String) -> [SubRip.Cue] {
        let video = URL(fileURLWithPath: videoPath)
        let sidecar = video.deletingPathExtension().appendingPathExtension("srt")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: sidecar.path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = attributes[.size] as? Int, size <= 2_000_000,
            let data = FileManager.default.contents(atPath: sidecar.path)
        else { return [] }
        return SubRip.cues(in: String(decoding: data, as: UTF8.self))
    }
}

/// Combines the progress of work done in parts on several threads into one fraction.
final class ProgressTracker: Sendable {
    private let fractions: Mutex<[Double]>
    private let report: @Sendable (Double) -> Void

    init(parts: Int, report: @escaping @Sendable (Double) -> Void) {
        fractions = Mutex([Double](repeating: 0, count: parts))
        self.report = report
    }

    func update(_ part: Int, _ fraction: Double) {
        let overall = fractions.withLock { fractions -> Double in
            fractions[part] = min(1, max(0, fraction))
            return fractions.reduce(0, +) / Double(fractions.count)
        }
        report(overall)
    }
}
