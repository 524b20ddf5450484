import Foundation

/// Blocking work (decoding, synthesis, a limiter feeding an encoder, a whole job) started on a
/// thread of its own now, whose result is collected later with `wait()` (or awaited with
/// `value`), so that it never blocks one of Swift concurrency's few cooperative threads.
///
/// This is the one way the project runs blocking work elsewhere: `forEach` runs a few such
/// threads side by side and waits for them all.
public final class Background<Value>: @unchecked Sendable {
    // `result` is written once by the worker before `finished` is signalled, and read only
    // after waiting for that signal; `waiter` is touched only under `lock`.
    private var result: Result<Value, any Error>?
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var waiter: (@Sendable () -> Void)?
    private var isDone = false

    /// Starts `work` on a new thread, named `name` (for debuggers and `top -H`), with a stack
    /// of `stackSize` bytes when given.
    public init(name: String? = nil, stackSize: Int? = nil, _ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            finished.signal()
            let wake = lock.withLock { () -> (@Sendable () -> Void)? in
                isDone = true
                return waiter
            }
            wake?()
        }
        if let name { thread.name = name }
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// Blocks until the work is done; returns its value or rethrows its error.
    public func wait() throws -> Value {
        finished.wait()
        finished.signal()
        return try result!.get()
    }

    /// The work's value, awaited without blocking a cooperative thread.
    public var value: Value {
        get async throws {
            await finish()
            return try wait()
        }
    }

    /// Returns once the work is done, without blocking a cooperative thread.
    private func finish() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = lock.withLock { () -> Bool in
                if !isDone { waiter = { continuation.resume() } }
                return isDone
            }
            if done { continuation.resume() }
        }
    }

    /// Runs `work`, which cannot throw, on a thread of its own and awaits its value: how async
    /// code makes a call that may block (a journal operation waiting for its database).
    public static func run(name: String, _ work: @escaping @Sendable () -> Value) async -> Value {
        let background = Background(name: name) { work() }
        await background.finish()
        // `work` does not throw, so neither does this.
        return try! background.wait()
    }
}

extension Background where Value == Void {
    /// Calls `body` with each index in `0..<count`, as many at once as there are cores, and
    /// rethrows the first error (by index) once every call has returned. For short, repeated
    /// rounds (a loudness search's replay of each stretch of a programme), so its threads come
    /// from a pool that is reused.
    ///
    /// Callers run it from a thread of their own, never from the cooperative pool.
    public static func forEach(count: Int, _ body: (Int) throws -> Void) throws {
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
