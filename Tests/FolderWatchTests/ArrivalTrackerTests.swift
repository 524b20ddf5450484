import Testing

@testable import FileSystem
@testable import FolderWatcher

/// The settle logic as a state machine: statuses and times go in, decisions come out.
@Suite("Arrival tracker")
struct ArrivalTrackerTests {
    private func status(_ size: Int64, _ modified: Int64 = 1, kind: FileStatus.Kind = .regular, links: Int = 1)
        -> FileStatus
    {
        var status = FileStatus(path: "/")!
        status.kind = kind
        status.size = size
        status.modified = modified
        status.links = links
        return status
    }

    @Test("a file is ready only after it stays unchanged for the settle time")
    func settles() {
        var tracker = ArrivalTracker(settleSeconds: 2)
        tracker.note("/in/a.mp4", status: status(100), now: 10, restart: true)
        #expect(tracker.settled(now: 11) { _ in self.status(100) }.isEmpty)
        #expect(tracker.settled(now: 12.1) { _ in self.status(100) } == ["/in/a.mp4"])
        #expect(tracker.candidates.isEmpty)
    }

    @Test("a change of size or time restarts the clock")
    func changeRestarts() {
        var tracker = ArrivalTracker(settleSeconds: 2)
        tracker.note("/in/a.mp4", status: status(100), now: 10, restart: true)
        #expect(tracker.settled(now: 11.5) { _ in self.status(200) }.isEmpty)
        #expect(tracker.settled(now: 13) { _ in self.status(200) }.isEmpty)
        #expect(tracker.settled(now: 13.6) { _ in self.status(200) } == ["/in/a.mp4"])
    }

    @Test("another close restarts the clock; a scan does not")
    func eventsRestartScansDoNot() {
        var tracker = ArrivalTracker(settleSeconds: 2)
        tracker.note("/in/a.mp4", status: status(100), now: 10, restart: true)
        tracker.note("/in/a.mp4", status: status(100), now: 11.5, restart: false)
        #expect(tracker.settled(now: 12) { _ in self.status(100) } == ["/in/a.mp4"])
        tracker.note("/in/b.mp4", status: status(100), now: 20, restart: true)
        tracker.note("/in/b.mp4", status: status(100), now: 21.5, restart: true)
        #expect(tracker.settled(now: 22) { _ in self.status(100) }.isEmpty)
    }

    @Test("a file that vanishes or turns into a symlink is dropped")
    func vanished() {
        var tracker = ArrivalTracker(settleSeconds: 1)
        tracker.note("/in/a.mp4", status: status(100), now: 0, restart: true)
        tracker.note("/in/b.mp4", status: status(100), now: 0, restart: true)
        let ready = tracker.settled(now: 5) { path in
            path == "/in/a.mp4" ? nil : self.status(100, kind: .symlink)
        }
        #expect(ready.isEmpty)
        #expect(tracker.candidates.isEmpty)
    }

    @Test(
        "temporary names are ignored",
        arguments: [
            "a.mp4.part", "a.mp4.crdownload", "a.mp4.!qB", "a.mp4.filepart", "a.tmp", ".hidden.mp4", ".a.mp4.Xy12Ab",
            "._a.mp4", "a.mp4~",
        ])
    func temporaryNames(name: String) {
        #expect(ArrivalTracker.decide(name: name, status: status(1), createdOnly: false) == .ignore)
    }

    @Test("a created file is taken only when it is a hard link; symlinks are refused")
    func createdFiles() {
        #expect(ArrivalTracker.decide(name: "a.mp4", status: status(1), createdOnly: true) == .ignore)
        #expect(ArrivalTracker.decide(name: "a.mp4", status: status(1, links: 2), createdOnly: true) == .track)
        #expect(ArrivalTracker.decide(name: "a.mp4", status: status(1), createdOnly: false) == .track)
        if case .refuse = ArrivalTracker.decide(name: "a.mp4", status: status(1, kind: .symlink), createdOnly: true) {
        } else {
            Issue.record("a symlink must be refused")
        }
        #expect(ArrivalTracker.decide(name: "a.mp4", status: nil, createdOnly: false) == .ignore)
    }

    @Test("an empty file waits for its content: not tracked, and dropped if it is empty when it settles")
    func emptyFiles() {
        #expect(ArrivalTracker.decide(name: "a.mp4", status: status(0), createdOnly: false) == .ignore)
        #expect(ArrivalTracker.decide(name: "a.mp4", status: status(0, links: 2), createdOnly: true) == .ignore)
        var tracker = ArrivalTracker(settleSeconds: 2)
        tracker.note("/in/a.mp4", status: status(100), now: 10, restart: true)
        #expect(tracker.settled(now: 13) { _ in self.status(0) }.isEmpty, "truncated to nothing")
        #expect(tracker.candidates.isEmpty)
    }
}
