import Testing

@testable import WatchDaemon

/// How long a worker waits after a job could not write its output (a full or read-only disk):
/// each try runs the whole job before it meets the disk, so the waits grow.
@Suite("Blocked outputs: the wait before the next try")
struct BlockedPauseTests {
    @Test("3 s after the first blocked try, doubled after each one in a row, never over a minute")
    func pauses() {
        let pauses = (1...9).map { WorkerPoolService.blockedPause(afterBlockedInARow: $0) }
        #expect(pauses == [3, 6, 12, 24, 48, 60, 60, 60, 60])
        // A night of a full disk: tries in eight hours.
        var elapsed = 0.0
        var tries = 0
        while elapsed < 8 * 3600 {
            tries += 1
            elapsed += WorkerPoolService.blockedPause(afterBlockedInARow: tries)
        }
        #expect(tries < 500, "\(tries) tries, against 9,600 with a fixed 3 s")
    }
}
