import Foundation
import Testing

@testable import Mixing

@Suite struct TruePeakMeterTests {
    /// The meter the delivery uses agrees with libebur128's true peak on hot and quiet signals,
    /// however the stream is chunked.
    @Test(arguments: [1, 333, 4096, 100_000])
    func agreesWithLibebur128(chunkFrames: Int) throws {
        let quiet = TruePeakLimiterTests.signal(seconds: 2) { Float(0.01 * sin(Double($0) * 0.3)) }
        for (name, samples) in TruePeakLimiterTests.hotSignals + [("quiet tone", quiet)] {
            var meter = try TruePeakMeter(channels: 2, sampleRate: TruePeakLimiterTests.sampleRate)
            try samples.withUnsafeBufferPointer { all in
                for start in stride(from: 0, to: all.count, by: chunkFrames * 2) {
                    try meter.add(UnsafeBufferPointer(rebasing: all[start..<min(start + chunkFrames * 2, all.count)]))
                }
            }
            let ours = meter.finish()
            let reference = try TruePeakLimiterTests.truePeak(samples)
            #expect(abs(ours - reference) < 0.01, "\(name): \(ours) dBTP, libebur128 \(reference) dBTP")
        }
    }

    @Test func silenceHasNoPeak() throws {
        var meter = try TruePeakMeter(channels: 2, sampleRate: 48000)
        try [Float](repeating: 0, count: 9600).withUnsafeBufferPointer { try meter.add($0) }
        #expect(meter.finish() == -Double.infinity)
    }

    @Test func rejectsPartialFrames() throws {
        var meter = try TruePeakMeter(channels: 2, sampleRate: 48000)
        #expect(throws: MixingError.self) {
            try [Float](repeating: 0.5, count: 3).withUnsafeBufferPointer { try meter.add($0) }
        }
    }
}
