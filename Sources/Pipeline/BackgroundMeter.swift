import Mixing
import Threads

/// A loudness meter that measures on a thread of its own, so that the thread producing the audio
/// (the mix of music and original sound) goes on while the chunk before is measured: on two
/// cores, the K-weighting filters no longer add to the producer's time. Not for a producer that
/// already keeps both cores busy (the two synthesizers): a third thread only competes there.
/// The figures are exactly those of a `LoudnessMeter` fed the same chunks in the same order.
final class BackgroundMeter {
    /// What the meter measured.
    struct Measurement {
        var integratedLoudness: Double
        /// dBFS; minus infinity unless sample peaks were asked for.
        var samplePeak: Double
        var shortTerm: [Double]
    }

    private let queue = ChunkQueue(capacity: 8)
    private let worker: Background<Measurement>
    private var ended = false

    init(peaks: LoudnessMeter.Peaks, shortTermSeconds: Double? = nil) throws {
        // Made here, so that bad parameters fail at once rather than at `finish`.
        _ = try LoudnessMeter(peaks: peaks, shortTermSeconds: shortTermSeconds)
        worker = Background(name: "soundtrack.meter") { [queue] in
            do {
                return try Self.measure(queue, peaks: peaks, shortTermSeconds: shortTermSeconds)
            } catch {
                // Drain the rest, so that the producer never blocks on a meter that has stopped.
                while case .chunk = queue.take() {}
                throw error
            }
        }
    }

    private static func measure(
        _ queue: ChunkQueue, peaks: LoudnessMeter.Peaks, shortTermSeconds: Double?
    ) throws -> Measurement {
        var meter = try LoudnessMeter(peaks: peaks, shortTermSeconds: shortTermSeconds)
        while case .chunk(let samples) = queue.take() {
            try meter.add(samples)
        }
        return Measurement(
            integratedLoudness: meter.integratedLoudness, samplePeak: meter.samplePeak, shortTerm: meter.shortTerm)
    }

    deinit {
        if !ended { queue.put(.end) }
        _ = try? worker.wait()
    }

    /// Hands a copy of `chunk` to the meter; blocks only while several chunks wait.
    func add(_ chunk: UnsafeBufferPointer<Float>) {
        queue.put(.chunk(Array(chunk)))
    }

    /// Waits for everything added to be measured.
    func finish() throws -> Measurement {
        if !ended {
            ended = true
            queue.put(.end)
        }
        return try worker.wait()
    }
}
