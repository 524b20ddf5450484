/// Turns a video, streamed frame by frame, into scenes with moods.
///
/// Feed it pictures, audio and subtitle lines in any interleaving, then call `finish`. It keeps
/// a few numbers per frame and per 50 ms of sound, never the pictures or the samples.
public struct Analyzer: Sendable {
    public var prompt: String?
    public let minimumSceneSeconds: Double

    /// The pictures, one track per stretch of video, in time order.
    private var pictureTracks: [PictureTrack] = []
    private var audio = AudioFeatureTrack()
    private var hasAudio = false
    private var subtitles: [(start: Double, end: Double, text: String)] = []

    public init(prompt: String? = nil, minimumSceneSeconds: Double = 0.5) {
        self.prompt = prompt
        self.minimumSceneSeconds = minimumSceneSeconds
    }

    /// Adds the next picture of a video read front to back in one go.
    public mutating func add(_ picture: Picture) {
        if pictureTracks.isEmpty { pictureTracks.append(PictureTrack(minimumSceneSeconds: minimumSceneSeconds)) }
        pictureTracks[pictureTracks.count - 1].add(picture)
    }

    /// Adds the pictures of the next stretch of a video read in several parts.
    public mutating func add(_ track: PictureTrack) {
        pictureTracks.append(track)
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
    public func finish(duration: Double) -> AnalysisResult {
        let pictures = PictureTrack.joined(pictureTracks)
        var cuts: [Double] = []
        for cut in pictures.cuts where cut > 0 && cut < duration {
            if let last = cuts.last, cut - last < minimumSceneSeconds { continue }
            cuts.append(cut)
        }
        let bounds = [0] + cuts + [duration]
        var scenes: [SceneAnalysis] = []
        for index in 0..<(bounds.count - 1) {
            let start = bounds[index], end = bounds[index + 1]
            let features = sceneFeatures(from: start, to: end, samples: pictures.samples, motion: pictures.motion)
            let nearby = cuts.filter { abs($0 - (start + end) / 2) <= 15 }.count
            let mood = MoodEstimator.mood(for: features, cutsPerMinute: Double(nearby) * 2, prompt: prompt)
            scenes.append(SceneAnalysis(start: start, end: end, mood: mood, features: features))
        }
        var result = AnalysisResult(
            duration: duration, cuts: cuts, scenes: MoodEstimator.smoothed(scenes),
            originalAudioSilent: !hasAudio || audio.isSilent)
        result.originalAudioBlockEnergy = audio.blockEnergy
        return result
    }

    private func sceneFeatures(
        from start: Double, to end: Double, samples: [(time: Double, features: PictureFeatures)],
        motion: [(time: Double, mafd: Double)]
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
        return SceneFeatures(
            picture: picture, motion: meanMotion, audioLevel: sound?.level,
            audioOnsetsPerSecond: sound?.onsetsPerSecond, words: text.isEmpty ? nil : text)
    }
}
