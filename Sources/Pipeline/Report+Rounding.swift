import Analysis

/// Figures in the report carry the precision they have, not the float arithmetic's noise
/// (119.99999999999979 is 120.0): times to the millisecond, levels to 0.1 dB, tempos to 0.01 bpm,
/// moods and shares to 0.001. A section's times round down, so that its first downbeat never
/// sounds before the time the report gives for it.
extension Report {
    func rounded() -> Report {
        var copy = self
        copy.duration = duration.rounded(places: 3)
        copy.cuts = cuts.map { $0.rounded(places: 3) }
        copy.visualBeats = visualBeats?.map { $0.rounded(places: 3) }
        copy.speechRegions = speechRegions?.map {
            TimeRegion(start: $0.start.rounded(places: 3), end: $0.end.rounded(places: 3))
        }
        copy.scenes = scenes.map { $0.rounded() }
        copy.music = music?.rounded()
        copy.audio = audio?.rounded()
        copy.timings = timings.mapValues { $0.rounded(places: 3) }
        copy.options?.lufs = options?.lufs?.rounded(places: 1)
        return copy
    }
}

extension Report.SceneEntry {
    fileprivate func rounded() -> Report.SceneEntry {
        var copy = self
        copy.start = start.rounded(places: 3)
        copy.end = end.rounded(places: 3)
        copy.mood.valence = mood.valence.rounded(places: 3)
        copy.mood.arousal = mood.arousal.rounded(places: 3)
        copy.mood.tension = mood.tension.rounded(places: 3)
        copy.mood.pace = mood.pace.rounded(places: 3)
        copy.mood.density = mood.density.rounded(places: 3)
        copy.features = features?.rounded()
        return copy
    }
}

extension SceneFeatures {
    fileprivate func rounded() -> SceneFeatures {
        var copy = self
        copy.picture.brightness = picture.brightness.rounded(places: 3)
        copy.picture.saturation = picture.saturation.rounded(places: 3)
        copy.picture.warmth = picture.warmth.rounded(places: 3)
        copy.picture.contrast = picture.contrast.rounded(places: 3)
        copy.picture.edgeDensity = picture.edgeDensity.rounded(places: 3)
        copy.motion = motion.rounded(places: 3)
        copy.audioLevel = audioLevel?.rounded(places: 1)
        copy.audioOnsetsPerSecond = audioOnsetsPerSecond?.rounded(places: 2)
        copy.audioCentroid = audioCentroid?.rounded(places: 0)
        copy.audioTempo = audioTempo?.rounded(places: 2)
        copy.audioTempoConfidence = audioTempoConfidence?.rounded(places: 3)
        copy.speechShare = speechShare?.rounded(places: 3)
        copy.visualBeatsPerSecond = visualBeatsPerSecond?.rounded(places: 2)
        return copy
    }
}

extension Report.Music {
    fileprivate func rounded() -> Report.Music {
        var copy = self
        copy.tempoMap = tempoMap.map {
            Report.TempoPoint(time: $0.time.rounded(places: 3), bpm: $0.bpm.rounded(places: 2))
        }
        copy.sections = sections.enumerated().map { index, section in
            var section = section
            section.start = max(0, section.start.roundedDown(places: 3))
            let isLast = index == sections.count - 1
            section.end = isLast ? section.end.rounded(places: 3) : section.end.roundedDown(places: 3)
            section.bpm = section.bpm.rounded(places: 2)
            section.intensity = section.intensity.rounded(places: 2)
            return section
        }
        return copy
    }
}

extension Report.Audio {
    fileprivate func rounded() -> Report.Audio {
        var copy = self
        copy.lufs = lufs.rounded(places: 1)
        copy.truePeak = truePeak.rounded(places: 1)
        copy.target = target.rounded(places: 1)
        copy.originalGain = originalGain?.rounded(places: 1)
        return copy
    }
}

extension Double {
    /// Rounded down to `places` decimal places, a tenth of a microsecond of float noise allowed
    /// (so that 9.99999999999 is 9.999, and 10.00000000001 is too).
    func roundedDown(places: Int) -> Double {
        guard isFinite else { return self }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return ((self - 1e-7) * scale).rounded(.down) / scale
    }

    /// Rounded to `places` decimal places (non-finite values are left alone).
    func rounded(places: Int) -> Double {
        guard isFinite else { return self }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
