/// A slideshow's photos read as a video's scenes: each photo is one scene, its mood from the same
/// picture encoder that reads video frames (`PictureFeatures`, `MoodEstimator`), so that photos
/// and videos meet in one mood space and the composer cannot tell them apart.
public enum PhotoScenes {
    /// What the picture encoder sees in one photo. A photo does not move: motion and visual beats
    /// are zero unless the slideshow pans and zooms (`moving`), which reads as slow, steady motion.
    public static func features(of picture: Picture, moving: Bool = false) -> SceneFeatures {
        SceneFeatures(
            picture: PictureFeatures.measure(widened(picture)).features, motion: moving ? movingMotion : 0, audioLevel: nil,
            audioOnsetsPerSecond: nil, audioCentroid: nil, audioTempo: nil, audioTempoConfidence: nil,
            speechShare: nil, visualBeatsPerSecond: nil, words: nil)
    }

    /// The frame-to-frame difference of a gentle pan and zoom, in percent of full scale: about
    /// what a slow camera move measures in a video.
    static let movingMotion = 1.5

    /// The analysis of a slideshow: photo `i` is shown from `timing.starts[i]` to the next start
    /// (the last to `timing.duration`); moods are smoothed across photos as across a video's scenes.
    public static func analysis(
        pictures: [Picture], timing: SlideshowTiming, prompt: String?, moving: Bool = false
    ) -> AnalysisResult {
        precondition(pictures.count == timing.starts.count, "one picture per photo")
        let cutsPerMinute = timing.duration > 0 ? Double(max(0, pictures.count - 1)) / timing.duration * 60 : 0
        var scenes: [SceneAnalysis] = []
        for (index, picture) in pictures.enumerated() {
            let features = features(of: picture, moving: moving)
            let mood = MoodEstimator.mood(for: features, cutsPerMinute: cutsPerMinute, prompt: prompt)
            scenes.append(
                SceneAnalysis(start: timing.starts[index], end: timing.end(of: index), mood: mood, features: features))
        }
        var result = AnalysisResult(
            duration: timing.duration, cuts: timing.cuts, scenes: MoodEstimator.smoothed(scenes),
            originalAudioSilent: true)
        result.hints = prompt.map(WordMood.hints(in:)) ?? []
        return result
    }

    /// The picture at least 3 pixels each way (a 100:1 panorama measures 64x1), repeating its
    /// pixels: the edge measure needs a pixel on each side.
    static func widened(_ picture: Picture) -> Picture {
        guard picture.width < 3 || picture.height < 3 else { return picture }
        let width = max(3, picture.width), height = max(3, picture.height)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let from = ((y * picture.height / height) * picture.width + x * picture.width / width) * 3
                rgb[(y * width + x) * 3..<(y * width + x) * 3 + 3] = picture.rgb[from..<from + 3]
            }
        }
        return Picture(time: picture.time, width: width, height: height, rgb: rgb)
    }
}
