import Rendering

/// Pulls the programme through gain and the true-peak limiter, in whatever sizes the encoder
/// asks for, and shows every delivered chunk to `observe` (the loudness meter).
final class LimitedSource {
    private let programme: MixProgramme
    private var limiter: TruePeakLimiter
    private let observe: (UnsafeBufferPointer<Float>) throws -> Void
    private var ready: [Float] = []
    private var readyStart = 0
    private var input = [Float](repeating: 0, count: 4096 * 2)
    private var finished = false

    init(
        programme: MixProgramme, gain: Double, ceiling: Double,
        observe: @escaping (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        self.programme = programme
        self.observe = observe
        limiter = try TruePeakLimiter(ceiling: ceiling, channels: 2, sampleRate: 48_000, inputGain: gain)
        programme.rewind()
    }

    /// Fills `buffer` with limited frames; returns how many (0 when the programme is over).
    func read(into buffer: UnsafeMutableBufferPointer<Float>) throws -> Int {
        while ready.count - readyStart < buffer.count && !finished {
            try refill()
        }
        let samples = min(buffer.count, ready.count - readyStart) / 2 * 2
        guard samples > 0 else { return 0 }
        ready.withUnsafeBufferPointer { source in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[0..<samples])
                .initialize(from: source[readyStart..<(readyStart + samples)])
        }
        readyStart += samples
        return samples / 2
    }

    private func refill() throws {
        if readyStart > 0 {
            ready.removeFirst(readyStart)
            readyStart = 0
        }
        let frames = try input.withUnsafeMutableBufferPointer { try programme.read(into: $0) }
        let collect: (UnsafeBufferPointer<Float>) throws -> Void = { [self] chunk in
            try observe(chunk)
            ready.append(contentsOf: chunk)
        }
        if frames == 0 {
            try limiter.flush(output: collect)
            finished = true
        } else {
            try input.withUnsafeBufferPointer { samples in
                try limiter.process(UnsafeBufferPointer(rebasing: samples[0..<(frames * 2)]), output: collect)
            }
        }
    }
}
