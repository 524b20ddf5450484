import Foundation
import Testing

@testable import Mixing

/// Temporary: the Swift meter against the libebur128 one it replaces, on the reference signals.
@Suite struct OldMeterComparisonTests {
    @Test func agreesWithLibebur128() throws {
        var report: [String] = []
        var worst = (integrated: 0.0, shortTerm: 0.0, momentary: 0.0, samplePeak: 0.0, truePeak: 0.0)
        for signal in LoudnessMeterReferenceTests.signals {
            let samples = signal.samples()
            var new = try LoudnessMeter(channels: signal.channels, sampleRate: signal.sampleRate, peaks: .truePeak, shortTermSeconds: 0.5)
            var old = try OldLoudnessMeter(channels: signal.channels, sampleRate: signal.sampleRate, peaks: .truePeak, shortTermSeconds: 0.5)
            let hop = (signal.sampleRate + 5) / 10 * signal.channels
            var momentary = 0.0
            for start in stride(from: 0, to: samples.count, by: hop) {
                let part = Array(samples[start..<min(samples.count, start + hop)])
                try new.add(part)
                try old.add(part)
                if part.count == hop, new.momentaryLoudness > -70 || old.momentaryLoudness > -70 {
                    momentary = max(momentary, abs(new.momentaryLoudness - old.momentaryLoudness))
                }
            }
            let integrated = abs(new.integratedLoudness - old.integratedLoudness)
            #expect(new.shortTerm.count == old.shortTerm.count)
            var shortTerm = 0.0
            for (a, b) in zip(new.shortTerm, old.shortTerm) where a > -70 || b > -70 {
                shortTerm = max(shortTerm, abs(a - b))
            }
            let samplePeak = abs(new.samplePeak - old.samplePeak)
            let truePeak = abs(new.truePeak - old.truePeak)
            report.append(
                "\(signal.testDescription): I \(new.integratedLoudness) vs \(old.integratedLoudness) (\(integrated)), "
                    + "S max diff \(shortTerm), M max diff \(momentary), SP diff \(samplePeak), TP \(new.truePeak) vs \(old.truePeak)")
            worst = (
                max(worst.integrated, integrated), max(worst.shortTerm, shortTerm), max(worst.momentary, momentary),
                max(worst.samplePeak, samplePeak), max(worst.truePeak, truePeak)
            )
        }
        print(report.joined(separator: "\n"))
        print("WORST \(worst)")
        #expect(worst.integrated < 0.001)
        #expect(worst.shortTerm < 0.001)
        #expect(worst.momentary < 0.001)
        #expect(worst.samplePeak == 0)
        #expect(worst.truePeak < 0.01)
    }
}
