/// Turns a video, streamed frame by frame, into scenes with moods.
///
/// Feed it pictures, audio and subtitle lines in any interleaving; when the pictures came from
/// reference frames only, decode the ranges `cutsToRefine` names and pass them to `refine`;
/// then call `finish`. It keeps a few numbers per frame and per 50 ms of sound, never the
/// pictures or the samples.
public struct Analyzer: Sendable {
    public var prompt: String?
    public let minimumSceneSeconds: Double
    public var detector: SceneCutDetector

    /// The pictures, one track per stretch of video, in time order.
    private var pictureTracks: [PictureTrack] = []
    private var audio = AudioFeatureTrack()
    private var hasAudio = false
    private var subtitles: [(start: Double, end: Double, text: String)] = []
    /// The pictures joined and their cuts, once asked for.
    private var detected: (series: FrameSeries, samples: [(time: Double, features: PictureFeatures)], cuts: [SceneCut])?

    public init(prompt: String? = nil, minimumSceneSeconds: Double = 0.5) {
        self.prompt = prompt
        self.minimumSceneSeconds = minimumSceneSeconds
        detector = SceneCutDetector(minimumSceneSeconds: minimumSceneSeconds)
    }

    /// Adds the next picture of a video read front to back in one go.
    public mutating func add(_ picture: Picture) {
        if pictureTracks.isEmpty { pictureTracks.append(PictureTrack()) }
        pictureTracks[pictureTracks.count - 1].add(picture)
        detected = nil
    }

    /// Adds the pictures of the next stretch of a video read in several parts.
    public mutating func add(_ track: PictureTrack) {
        pictureTracks.append(track)
        detected = nil
    }

    private mutating func detect() -> (series: FrameSeries, samples: [(time: Double, features: PictureFeatures)], cuts: [SceneCut]) {
        if let detected { return detected }
        let joined = PictureTrack.joined(pictureTracks)
        let found = (joined.series, joined.samples, detector.cuts(in: joined.series))
        detected = found
        return found
    }

    /// Hard cuts seen between two decoded pictures with frames left undecoded between them
    /// (decoding only reference frames skips B-frames): decode the frames inside each range and
    /// hand them to `refine` to place those cuts on the right frame.
    public mutating func cutsToRefine() -> [ClosedRange<Double>] {
        detect().cuts.compactMap(\.gap)
    }

    /// Places the cut seen across `gap` using the pictures decoded inside it.
    public mutating func refine(gap: ClosedRange<Double>, pictures: [Picture]) {
        var found = detect()
        guard let index = found.cuts.firstIndex(where: { $0.gap == gap }) else { return }
        let thumbnails = pictures.map { picture in
            (picture.time, FrameSeries.thumbnail(of: PictureTrack.luma(of: picture), width: picture.width, height: picture.height))
        }
        found.cuts[index] = SceneCutDetector.refined(found.cuts[index], in: found.series, between: thumbnails)
        detected = found
    }

    /// Adds 48 kHz interleaved stereo audio that follows what was added before.
    public mutating func add(audio interleavedStereo: [Float]) {
        hasAudio = true
        audio.add(interleavedStereo: interleavedStereo)
    }

    public mutating func addSubtitle(start: Double, end: Double, text: String) {
        subtitles.append((start, end, text))
    }

    /// Ends the analysis of a video lasting `duration` seconds.
    public mutating func finish(duration: Double) -> AnalysisResult {
        let found = detect()
        let motion = zip(found.series.times, found.series.differences).map { (time: $0, mafd: $1) }
        var cuts: [Double] = []
        for cut in found.cuts.map(\.time).sorted() where cut > 0 && cut < duration {
            if let last = cuts.last, cut - last < minimumSceneSeconds { continue }
            cuts.append(cut)
        }
        let beats = found.series.visualBeats(excluding: cuts).filter { $0 < duration }
        let speech = hasAudio ? audio.speechRegions() : []
        let bounds = [0] + cuts + [duration]
        var scenes: [SceneAnalysis] = []
        for index in 0..<(bounds.count - 1) {
            let start = bounds[index], end = bounds[index + 1]
            let features = sceneFeatures(
                from: start, to: end, samples: found.samples, motion: motion, beats: beats, speech: speech)
            let nearby = cuts.filter { abs($0 - (start + end) / 2) <= 15 }.count
            let mood = MoodEstimator.mood(for: features, cutsPerMinute: Double(nearby) * 2, prompt: prompt)
            scenes.append(SceneAnalysis(start: start, end: end, mood: mood, features: features))
        }
        var result = AnalysisResult(
            duration: duration, cuts: cuts, scenes: MoodEstimator.smoothed(scenes),
            originalAudioSilent: !hasAudio || audio.isSilent)
        result.visualBeats = beats
        var hints = WordMood.hints(in: prompt ?? "")
        for hint in WordMood.hints(in: subtitles.map(\.text).joined(separator: " ")) where !hints.contains(hint) {
            hints.append(hint)
        }
        result.hints = hints
        result.speechRegions = speech.map { TimeRegion(start: $0.lowerBound, end: min(duration, $0.upperBound)) }
        return result
    }

    private func sceneFeatures(
        from start: Double, to end: Double, samples: [(time: Double, features: PictureFeatures)],
        motion: [(time: Double, mafd: Double)], beats: [Double], speech: [ClosedRange<Double>]
    ) -> SceneFeatures {
        var inside = samples.filter { $0.time >= start && $0.time < end }.map(\.features)
        if inside.isEmpty, let nearest = samples.min(by: { abs($0.time - start) < abs($1.time - start) }) {
            inside = [nearest.features]
        }
        func mean(_ value: (PictureFeatures) -> Double) -> Double {
            inside.isEmpty ? 0.5 : inside.reduce(0) { $0 + value($1) } / Double(inside.count)
        }
        let picture = PictureFeatures(
            brightness: mean(\.brightness), saturation: mean(\.saturation), warmth: mean(\.warmth),
            contrast: mean(\.contrast), edgeDensity: mean(\.edgeDensity))
        // The first frame of a scene differs from the last of the one before: leave it out.
        let sceneMotion = motion.filter { $0.time > start + 0.001 && $0.time < end }.map(\.mafd)
        let meanMotion = sceneMotion.isEmpty ? 0 : sceneMotion.reduce(0, +) / Double(sceneMotion.count)
        let sound = hasAudio ? audio.summary(from: start, to: end) : nil
        let text = subtitles.filter { $0.end > start && $0.start < end }.map(\.text).joined(separator: " ")
        let seconds = max(0.001, end - start)
        let tempo = hasAudio ? audio.tempo(from: start, to: end) : nil
        let spoken = speech.reduce(0.0) { $0 + max(0, min(end, $1.upperBound) - max(start, $1.lowerBound)) }
        return SceneFeatures(
            picture: picture, motion: meanMotion, audioLevel: sound?.level,
            audioOnsetsPerSecond: sound?.onsetsPerSecond,
            audioCentroid: hasAudio ? audio.centroid(from: start, to: end) : nil,
            audioTempo: tempo?.bpm, audioTempoConfidence: tempo?.confidence,
            speechShare: hasAudio ? spoken / seconds : nil,
            visualBeatsPerSecond: Double(beats.filter { $0 >= start && $0 < end }.count) / seconds,
            words: text.isEmpty ? nil : text)
    }
}
