import Synchronization

/// Tells FFmpeg's blocking calls to give up: set by a cancelled job or a time limit.
/// FFmpeg polls it from whichever thread is reading, so it is an atomic.
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isSet: Bool { flag.load(ordering: .relaxed) }

    public func set() { flag.store(true, ordering: .relaxed) }
}
