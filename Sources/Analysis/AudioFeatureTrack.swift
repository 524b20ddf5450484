#if canImport(Glibc)
import Glibc
#endif
import Audio

/// Loudness and onsets of the original sound, measured in short blocks as the audio streams by.
public struct AudioFeatureTrack: Sendable {
    public static let sampleRate = AudioFormat.standard.sampleRate
    /// Block length in seconds (50 ms).
    public static let blockSeconds = 0.05
    private static let blockFrames = Int(Double(sampleRate) * blockSeconds)

    /// Mean square (both channels) of each block.
    public private(set) var blockEnergy: [Float] = []
    /// Zero crossings per sample of each block (mid channel): a cheap stand-in for the
    /// spectral centroid, centroid ~ rate x sampleRate / 2 for one dominant partial.
    public private(set) var blockCrossingRate: [Float] = []
    private var accumulated: Float = 0
    private var accumulatedFrames = 0
    private var crossings = 0
    private var previousMid: Float = 0

    public init() {}

    /// Adds interleaved stereo samples at 48 kHz.
    public mutating func add(interleavedStereo samples: [Float]) {
        samples.withUnsafeBufferPointer { samples in
            var index = 0
            while index + 1 < samples.count {
                let left = samples[index], right = samples[index + 1]
                accumulated += (left * left + right * right) * 0.5
                let mid = left + right
                if (mid >= 0) != (previousMid >= 0) { crossings += 1 }
                previousMid = mid
                accumulatedFrames += 1
                if accumulatedFrames == Self.blockFrames {
                    blockEnergy.append(accumulated / Float(accumulatedFrames))
                    blockCrossingRate.append(Float(crossings) / Float(accumulatedFrames))
                    accumulated = 0
                    accumulatedFrames = 0
                    crossings = 0
                }
                index += 2
            }
        }
    }

    /// Level in dBFS of a block's energy.
    static func decibels(_ energy: Float) -> Double {
        energy > 1e-12 ? 10 * Double(log10(energy)) : -120
    }

    /// Mean level (dBFS, energy mean) and onsets per second between two times.
    public func summary(from start: Double, to end: Double) -> (level: Double, onsetsPerSecond: Double)? {
        let first = max(0, Int(start / Self.blockSeconds))
        let last = min(blockEnergy.count, Int(end / Self.blockSeconds))
        guard last - first >= 2 else { return nil }
        var sum: Float = 0
        var onsets = 0
        for index in first..<last {
            sum += blockEnergy[index]
            // An onset: a block at least 6 dB above the one before, and not near silence.
            if index > 0, blockEnergy[index] > 4 * blockEnergy[index - 1], Self.decibels(blockEnergy[index]) > -45 {
                onsets += 1
            }
        }
        let seconds = Double(last - first) * Self.blockSeconds
        return (Self.decibels(sum / Float(last - first)), Double(onsets) / seconds)
    }

    /// Whether the whole track is effectively silent (below -60 dBFS on average).
    public var isSilent: Bool {
        guard !blockEnergy.isEmpty else { return true }
        let mean = blockEnergy.reduce(0, +) / Float(blockEnergy.count)
        return Self.decibels(mean) < -60
    }
}
