import Audio
import Foundation

/// What listening keeps of a recording, frame by frame: small enough for a 30-minute song to
/// stay in memory (about 250 floats a second), whatever the length of the samples it came from.
public struct SpectralFeatures: Sendable {
    public static let sampleRate = 22_050
    /// Onset frames: a 1024-point spectrum every 256 samples (11.6 ms).
    public static let onsetHop = 256
    public static let onsetSize = 1024
    /// Pitch frames: an 8192-point spectrum (2.7 Hz a bin) every 1024 samples (46 ms).
    public static let pitchHop = 1024
    public static let pitchSize = 8192
    /// The pitch spectrum: three bins a semitone from MIDI 28 (E1) up to 107 (B7).
    public static let lowestPitch = 28
    public static let semitones = 80
    public static let binsPerSemitone = 3

    /// Spectral flux (rise of log magnitude), one value per onset frame centred at `n * onsetHop`.
    public var flux: [Float] = []
    /// Log-compressed magnitudes per pitch bin, `semitones * binsPerSemitone` per pitch frame
    /// centred at `n * pitchHop`.
    public var pitch: [Float] = []
    /// Root mean square of each pitch frame's samples.
    public var loudness: [Float] = []
    /// Seconds of sound.
    public var duration: Double = 0

    public static var pitchBins: Int { semitones * binsPerSemitone }
    public var pitchFrameCount: Int { loudness.count }
    public static var onsetFrameRate: Double { Double(sampleRate) / Double(onsetHop) }
    public static var pitchFrameRate: Double { Double(sampleRate) / Double(pitchHop) }
}

/// Turns mono samples at 22.05 kHz into `SpectralFeatures` as they arrive, keeping only the
/// last 8192 samples: feed it chunk by chunk, then `finish()`.
public struct FeatureExtractor {
    private let onsetTransform: any MagnitudeSpectrum
    private let pitchTransform: any MagnitudeSpectrum
    private let onsetWindow: [Float]
    private let pitchWindow: [Float]
    /// For each pitch bin, the FFT bins it takes the largest magnitude of (or, below where the
    /// FFT resolves a third of a semitone, the two bins it interpolates between).
    private let pitchBinRanges: [(low: Int, high: Int, fraction: Float)]
    private var buffer: [Float]
    /// Stream position of `buffer[0]`.
    private var bufferStart = 0
    private var nextOnsetFrame = 0
    private var nextPitchFrame = 0
    private var previousLog: [Float]
    private var magnitudes: [Float] = []
    private var frame: [Float]
    private var samplesSeen = 0
    public private(set) var features = SpectralFeatures()

    /// `makeTransform(size)` gives an FFT of that size (MediaIO's `SpectrumTransform`).
    public init(makeTransform: (Int) throws -> any MagnitudeSpectrum) rethrows {
        onsetTransform = try makeTransform(SpectralFeatures.onsetSize)
        pitchTransform = try makeTransform(SpectralFeatures.pitchSize)
        onsetWindow = Self.hann(SpectralFeatures.onsetSize)
        pitchWindow = Self.hann(SpectralFeatures.pitchSize)
        pitchBinRanges = Self.pitchBinRanges()
        // Half a pitch window of silence first, so that frame n is centred on sample n * hop.
        buffer = [Float](repeating: 0, count: SpectralFeatures.pitchSize / 2)
        previousLog = [Float](repeating: 0, count: SpectralFeatures.onsetSize / 2 + 1)
        frame = [Float](repeating: 0, count: SpectralFeatures.pitchSize)
    }

    public mutating func add(_ samples: [Float]) {
        samplesSeen += samples.count
        buffer.append(contentsOf: samples)
        process()
    }

    public mutating func finish() -> SpectralFeatures {
        buffer.append(contentsOf: [Float](repeating: 0, count: SpectralFeatures.pitchSize))
        let end = samplesSeen
        // Frames centred past the end of the sound are not taken.
        process(lastCentre: end)
        features.duration = Double(end) / Double(SpectralFeatures.sampleRate)
        return features
    }

    private mutating func process(lastCentre: Int = .max) {
        let half = SpectralFeatures.pitchSize / 2
        let onsetOffset = half - SpectralFeatures.onsetSize / 2
        while true {
            let onsetStart = nextOnsetFrame * SpectralFeatures.onsetHop + onsetOffset
            let pitchStart = nextPitchFrame * SpectralFeatures.pitchHop
            let onsetReady =
                onsetStart + SpectralFeatures.onsetSize <= bufferStart + buffer.count
                && nextOnsetFrame * SpectralFeatures.onsetHop < lastCentre
            let pitchReady =
                pitchStart + SpectralFeatures.pitchSize <= bufferStart + buffer.count
                && nextPitchFrame * SpectralFeatures.pitchHop < lastCentre
            if onsetReady && (!pitchReady || onsetStart <= pitchStart) {
                onsetFrame(at: onsetStart - bufferStart)
                nextOnsetFrame += 1
            } else if pitchReady {
                pitchFrame(at: pitchStart - bufferStart)
                nextPitchFrame += 1
            } else {
                break
            }
        }
        // Drop what no frame needs any more, in large steps.
        let needed = min(
            nextOnsetFrame * SpectralFeatures.onsetHop + onsetOffset, nextPitchFrame * SpectralFeatures.pitchHop)
        let droppable = needed - bufferStart
        if droppable >= 65_536 {
            buffer.removeFirst(droppable)
            bufferStart = needed
        }
    }

    private mutating func onsetFrame(at offset: Int) {
        let size = SpectralFeatures.onsetSize
        for index in 0..<size { frame[index] = buffer[offset + index] * onsetWindow[index] }
        frame.withUnsafeBufferPointer { samples in
            onsetTransform.magnitudes(of: UnsafeBufferPointer(rebasing: samples[0..<size]), into: &magnitudes)
        }
        // Up to 8 kHz; log compression makes a soft note's attack count like a loud one's.
        let top = size * 8000 / SpectralFeatures.sampleRate
        var flux: Float = 0
        for bin in 1..<top {
            let level = logf(1 + 10 * magnitudes[bin])
            let rise = level - previousLog[bin]
            if rise > 0 { flux += rise }
            previousLog[bin] = level
        }
        features.flux.append(flux)
    }

    private mutating func pitchFrame(at offset: Int) {
        let size = SpectralFeatures.pitchSize
        var squares: Float = 0
        for index in 0..<size {
            let sample = buffer[offset + index]
            // Loudness over the middle quarter of the window: one hop's worth around the centre.
            if index >= size * 3 / 8 && index < size * 5 / 8 { squares += sample * sample }
            frame[index] = sample * pitchWindow[index]
        }
        features.loudness.append((squares / Float(size / 4)).squareRoot())
        frame.withUnsafeBufferPointer { samples in
            pitchTransform.magnitudes(of: samples, into: &magnitudes)
        }
        for range in pitchBinRanges {
            var value: Float
            if range.high <= range.low {
                value = magnitudes[range.low] * (1 - range.fraction) + magnitudes[range.low + 1] * range.fraction
            } else {
                value = 0
                for bin in range.low...range.high { value = max(value, magnitudes[bin]) }
            }
            features.pitch.append(logf(1 + value))
        }
    }

    static func hann(_ size: Int) -> [Float] {
        (0..<size).map { 0.5 - 0.5 * cosf(2 * .pi * Float($0) / Float(size)) }
    }

    static func pitchBinRanges() -> [(low: Int, high: Int, fraction: Float)] {
        let binHertz = Double(SpectralFeatures.sampleRate) / Double(SpectralFeatures.pitchSize)
        let step = 1.0 / Double(SpectralFeatures.binsPerSemitone)
        return (0..<SpectralFeatures.pitchBins).map { index in
            // Bin `index` is centred on MIDI pitch lowest + (index - 1) / 3: the middle bin of each
            // three lies on the equal-tempered pitch at A = 440 Hz.
            let centre = Double(SpectralFeatures.lowestPitch) + Double(index - 1) * step
            func hertz(_ pitch: Double) -> Double { 440 * pow(2, (pitch - 69) / 12) }
            let low = hertz(centre - step / 2) / binHertz
            let high = hertz(centre + step / 2) / binHertz
            if high - low < 2 {
                let exact = hertz(centre) / binHertz
                return (Int(exact), Int(exact), Float(exact - exact.rounded(.down)))
            }
            return (Int(low.rounded(.up)), Int(high.rounded(.down)), 0)
        }
    }
}
