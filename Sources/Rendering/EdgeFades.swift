import Foundation

/// Short raised-cosine fades at the very start and end of a rendering.
///
/// The music starts and stops with the picture, so the end is a hard cut; the fade-out turns
/// that cut (and any release tail still sounding) into a quick, click-free close, and the fade-in
/// removes a click should a note start on the first frame.
struct EdgeFades {
    let totalFrames: Int
    let fadeInFrames: Int
    let fadeOutFrames: Int

    init(totalFrames: Int, sampleRate: Int, fadeInSeconds: Double = 0.005, fadeOutSeconds: Double = 0.08) {
        self.totalFrames = totalFrames
        var fadeIn = Int((fadeInSeconds * Double(sampleRate)).rounded())
        var fadeOut = Int((fadeOutSeconds * Double(sampleRate)).rounded())
        // A rendering shorter than both fades shares its length between them.
        if fadeIn + fadeOut > totalFrames {
            let scale = Double(totalFrames) / Double(fadeIn + fadeOut)
            fadeIn = Int(Double(fadeIn) * scale)
            fadeOut = totalFrames - fadeIn
        }
        fadeInFrames = fadeIn
        fadeOutFrames = fadeOut
    }

    /// Applies the fades to an interleaved chunk whose first frame is frame `start` of the rendering.
    func apply(to samples: UnsafeMutableBufferPointer<Float>, startingAt start: Int, channels: Int) {
        let frames = samples.count / channels
        let fadeOutStart = totalFrames - fadeOutFrames
        guard start < fadeInFrames || start + frames > fadeOutStart else { return }
        for index in 0..<frames {
            let frame = start + index
            let gain: Float
            if frame < fadeInFrames {
                gain = Self.rise(Double(frame) + 0.5, over: fadeInFrames)
            } else if frame >= fadeOutStart {
                gain = Self.rise(Double(totalFrames - frame) - 0.5, over: fadeOutFrames)
            } else {
                continue
            }
            for channel in 0..<channels {
                samples[index * channels + channel] *= gain
            }
        }
    }

    /// A half cosine from 0 at `position` 0 to 1 at `length`.
    private static func rise(_ position: Double, over length: Int) -> Float {
        Float(0.5 - 0.5 * cos(Double.pi * min(max(position / Double(length), 0), 1)))
    }
}
