import Foundation

/// Conversions between decibels and linear gain, and gain applied to samples.
public enum Decibels {
    /// The linear amplitude factor of `decibels` (0 dB is 1, -6.02 dB is 0.5).
    public static func linear(_ decibels: Double) -> Double {
        pow(10, decibels / 20)
    }

    /// The level in dB of a linear amplitude; minus infinity for 0.
    public static func decibels(linear: Double) -> Double {
        linear > 0 ? 20 * log10(linear) : -Double.infinity
    }

    /// Multiplies every sample by the gain of `decibels`, in place.
    public static func applyGain(_ decibels: Double, to samples: UnsafeMutableBufferPointer<Float>) {
        let factor = Float(linear(decibels))
        guard factor != 1 else { return }
        for index in samples.indices {
            samples[index] *= factor
        }
    }
}
