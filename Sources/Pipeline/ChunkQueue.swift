import Dispatch
import Synchronization

/// A bounded hand-over of audio chunks from one producer thread to one consumer thread.
/// The producer blocks when `capacity` chunks wait; the consumer blocks when none do.
final class ChunkQueue: Sendable {
    enum Item: Sendable {
        case chunk([Float])
        case end
        case failure(String)
    }

    private let items = Mutex<[Item]>([])
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        free = DispatchSemaphore(value: capacity)
    }

    func put(_ item: Item) {
        free.wait()
        items.withLock { $0.append(item) }
        filled.signal()
    }

    func take() -> Item {
        filled.wait()
        let item = items.withLock { $0.removeFirst() }
        free.signal()
        return item
    }
}
