import Dispatch

/// Runs a few independent blocking jobs side by side and waits for all of them.
///
/// Meant for synthesis, which blocks a thread for its whole run: callers run it from a thread
/// of their own, never from Swift concurrency's cooperative pool.
enum ParallelWork {
    /// Calls `body` with each index in `0..<count`, on up to `count` threads at once, and
    /// rethrows the first error (by index) once every call has returned.
    static func run(count: Int, _ body: (Int) throws -> Void) throws {
        if count == 1 {
            try body(0)
            return
        }
        nonisolated(unsafe) let errors = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: count)
        errors.initialize(repeating: nil)
        defer {
            _ = errors.deinitialize()
            errors.deallocate()
        }
        // Sending these to other threads is safe: the caller gives each index its own state,
        // each call writes only its own error slot, and concurrentPerform returns (with a
        // happens-before edge) only after every call has finished.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                try body(index)
            } catch {
                errors[index] = error
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first {
            throw error
        }
    }
}
