import Foundation
import Threads

/// Renders a rendering's chunks in order on a thread of its own, up to `depth` chunks ahead of
/// the caller, which takes each one with `next()` and hands its slot back with `release()`.
///
/// Two synthesizers rendering side by side no longer wait for each other at every chunk: each
/// runs ahead while the other catches up on a passage that is heavier for it, and while the
/// caller sums, fades and stores the chunks before. Memory stays bounded: `depth` slots of
/// `outputs` chunk buffers each.
///
/// A producer belongs to one rendering and one consuming thread; `stop()` must be called once
/// the caller is done (also when it stops early), before the producer is released.
final class ChunkProducer: @unchecked Sendable {
    /// Interleaved sample buffers, one slot per chunk in flight, `outputs` buffers per slot.
    private let slots: [[UnsafeMutableBufferPointer<Float>]]
    /// Slots the producer may fill; filled slots the caller may take.
    private let free = DispatchSemaphore(value: 0)
    private let filled = DispatchSemaphore(value: 0)
    // `stopped` and `failure` are touched only under `lock`.
    private let lock = NSLock()
    private var stopped = false
    private var failure: (any Error)?
    private var worker: Background<Void>?
    /// The caller's next chunk.
    private var taken = 0

    /// Starts rendering at once.
    ///
    /// - Parameters:
    ///   - outputs: buffers per chunk (one per track for stems).
    ///   - render: fills the start of each buffer with the next `frames` frames; runs on the
    ///     producer's thread, one chunk after another.
    init(
        name: String, outputs: Int, chunkFrames: Int, totalFrames: Int, channels: Int, depth: Int,
        render: @escaping (_ frames: Int, _ buffers: [UnsafeMutableBufferPointer<Float>]) throws -> Void
    ) {
        precondition(depth >= 1 && outputs >= 1 && chunkFrames >= 1, "empty chunk producer")
        let slots = (0..<depth).map { _ in
            (0..<outputs).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: chunkFrames * channels) }
        }
        self.slots = slots
        // Counted up from zero: libdispatch traps on freeing a semaphore left below its
        // initial value, as `free` is when the caller stops early.
        for _ in 0..<depth { free.signal() }
        // Only this producer's thread calls `render` and writes a slot, between the caller's
        // release of that slot and the signal that hands it back.
        nonisolated(unsafe) let render = render
        worker = Background(name: name) { [self] in
            var position = 0
            var index = 0
            do {
                while position < totalFrames {
                    free.wait()
                    if lock.withLock({ stopped }) { return }
                    let frames = min(chunkFrames, totalFrames - position)
                    try render(frames, self.slots[index % depth])
                    position += frames
                    index += 1
                    filled.signal()
                }
            } catch {
                lock.withLock { failure = error }
                filled.signal()
                throw error
            }
        }
    }

    deinit {
        for slot in slots {
            for buffer in slot { buffer.deallocate() }
        }
    }

    /// Waits for the next chunk and returns its buffers (the start of each holds the chunk);
    /// rethrows the producer's error instead if rendering failed.
    func next() throws -> [UnsafeMutableBufferPointer<Float>] {
        filled.wait()
        if let error = lock.withLock({ failure }) { throw error }
        return slots[taken % slots.count]
    }

    /// Hands the chunk taken last back to the producer, which may then render into it.
    func release() {
        taken += 1
        free.signal()
    }

    /// Stops the producer after the chunk it is rendering and waits for its thread to end.
    func stop() {
        lock.withLock { stopped = true }
        free.signal()
        _ = try? worker?.wait()
        worker = nil
    }
}
