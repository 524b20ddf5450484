import Foundation

/// Work started on a thread of its own now, whose result is collected later with `wait()`.
final class Background<Value>: @unchecked Sendable {
    // `result` is written once by the worker before `finished` is signalled, and read only
    // after waiting for that signal.
    private var result: Result<Value, any Error>?
    private let finished = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            finished.signal()
        }
        thread.start()
    }

    func wait() throws -> Value {
        finished.wait()
        finished.signal()
        return try result!.get()
    }
}
