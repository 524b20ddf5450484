import Foundation
import Mixing
import Synchronization
import Threads

/// The delivered soundtrack: the programme through gain and the true-peak limiter, produced on a
/// thread of its own while the caller's thread encodes and muxes, and metered on the way out.
final class LimitedSource: @unchecked Sendable {
    // The producer thread alone touches `programme`, `limiter` and `meter` until it has
    // finished (`producer.wait()`); the consumer reads `current` alone. That split is why this is safe to share.
    private let programme: Programme
    private var limiter: TruePeakLimiter
    private var meter: LoudnessMeter
    private var peakMeter: TruePeakMeter
    private let queue = ChunkQueue(capacity: 16)
    private let cancelled = Atomic<Bool>(false)
    private var producer: Background<Void>?
    private var current: [Float] = []
    private var offset = 0
    private var ended = false

    init(programme: Programme, gain: Double, ceiling: Double) throws {
        self.programme = programme
        limiter = try TruePeakLimiter(ceiling: ceiling, inputGain: gain)
        // The true peak from a meter of its own, so that the loudness meter stays the cheap kind.
        meter = try LoudnessMeter(peaks: .none, shortTermSeconds: Report.LoudnessCurves.stepSeconds)
        peakMeter = try TruePeakMeter(format: .standard)
        producer = Background(name: "soundtrack.limiter") { [self] in produce() }
    }

    deinit {
        cancel()
    }

    private func produce() {
        do {
            let deliver: (UnsafeBufferPointer<Float>) throws -> Void = { [self] chunk in
                try meter.add(chunk)
                try peakMeter.add(chunk)
                queue.put(.chunk(Array(chunk)))
            }
            try programme.replay(frames: 0..<programme.frameCount) { samples in
                if cancelled.load(ordering: .relaxed) { throw Stopped() }
                try limiter.process(samples, output: deliver)
            }
            try limiter.flush(output: deliver)
            queue.put(.end)
        } catch is Stopped {
            queue.put(.end)
        } catch {
            queue.put(.failure(String(describing: error)))
        }
    }

    /// Thrown into the replay to end it early once the consumer has gone.
    private struct Stopped: Error {}

    /// Fills `buffer` with delivered frames; returns how many (0 when the programme is over).
    func read(into buffer: UnsafeMutableBufferPointer<Float>) throws -> Int {
        var filled = 0
        while filled < buffer.count && !ended {
            if offset == current.count {
                switch queue.take() {
                case .chunk(let samples):
                    current = samples
                    offset = 0
                case .end:
                    ended = true
                    continue
                case .failure(let message):
                    ended = true
                    throw PipelineError.internalFailure(reason: "preparing the soundtrack: \(message)")
                }
            }
            let count = min(buffer.count - filled, current.count - offset)
            for index in 0..<count { buffer[filled + index] = current[offset + index] }
            filled += count
            offset += count
        }
        return filled / 2
    }

    /// Loudness, true peak and short-term loudness curve of everything delivered; call after
    /// `read` returned 0.
    func measurements() -> (loudness: Double, truePeak: Double, shortTerm: [Double]) {
        try? producer?.wait()
        return (meter.integratedLoudness, peakMeter.finish(), meter.shortTerm)
    }

    /// Stops the producer and lets its thread end.
    private func cancel() {
        cancelled.store(true, ordering: .relaxed)
        while !ended {
            switch queue.take() {
            case .chunk: continue
            case .end, .failure: ended = true
            }
        }
        try? producer?.wait()
    }
}
