import Foundation
import TestSupport
import Testing

@testable import Journal

@Suite("Journal")
struct JournalTests {
    private func identity(_ name: String, size: Int64 = 10, hash: String = "00") -> FileIdentity {
        FileIdentity(path: "/in/\(name)", size: size, modified: 1, hash: hash)
    }

    @Test("a file is queued once; the same identity is known, a new version replaces the queued one", arguments: Engine.available)
    func enqueueOnce(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        guard case .queued = try journal.enqueue(identity("a.mp4")) else {
            Issue.record("not queued")
            return
        }
        if engine == .sqlite {
            #expect(FileManager.default.fileExists(atPath: journal.path + "-wal"), "the journal runs in WAL mode")
        }
        #expect(try journal.enqueue(identity("a.mp4")) == .known(.queued))
        guard case .queued = try journal.enqueue(identity("a.mp4", size: 20)) else {
            Issue.record("new version")
            return
        }
        #expect(try journal.entries().count == 1)
        #expect(try journal.entries().first?.identity.size == 20)
    }

    @Test("done is never redone, also after reopening", arguments: Engine.available)
    func doneStaysDone(engine: Engine) throws {
        let store = try JournalStore(engine)
        do {
            let journal = try store.open()
            _ = try journal.enqueue(identity("a.mp4"))
            let claimed = try #require(try journal.claimNext())
            #expect(claimed.attempts == 1)
            #expect(claimed.state == .running)
            try journal.markDone(claimed.claim, output: "/out/a.soundtrack.mp4")
        }
        let reopened = try store.open()
        #expect(try reopened.enqueue(identity("a.mp4")) == .known(.done))
        #expect(try reopened.claimNext() == nil)
        #expect(try reopened.entries().first?.outcome == "/out/a.soundtrack.mp4")
    }

    @Test("jobs running when the daemon died are queued again", arguments: Engine.available)
    func requeue(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        _ = try journal.enqueue(identity("a.mp4"))
        _ = try journal.enqueue(identity("b.mp4"))
        _ = try journal.claimNext()
        #expect(try journal.counts()[.running] == 1)
        #expect(try journal.requeueInterrupted() == 1)
        #expect(try journal.counts()[.queued] == 2)
        #expect(try journal.claimNext()?.attempts == 2, "the interrupted attempt still counts")
    }

    @Test("failures are retried until the limit, then the file is failed", arguments: Engine.available)
    func retries(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        _ = try journal.enqueue(identity("a.mp4"))
        var states: [JobState?] = []
        while let entry = try journal.claimNext() {
            states.append(
                try journal.markFailed(entry.claim, reason: "boom", stage: "rendering", retry: true, maximumAttempts: 3))
        }
        #expect(states == [.queued, .queued, .failed])
        let entry = try #require(try journal.entries().first)
        #expect(entry.attempts == 3)
        #expect(entry.stage == "rendering")
        #expect(entry.outcome == "boom")
    }

    @Test("a permanent failure fails at once; a job given back does not count its attempt", arguments: Engine.available)
    func permanentAndGivenBack(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        _ = try journal.enqueue(identity("a.mp4"))
        _ = try journal.enqueue(identity("b.mp4"))
        let first = try #require(try journal.claimNext())
        #expect(
            try journal.markFailed(first.claim, reason: "not a video", stage: nil, retry: false, maximumAttempts: 3)
                == .failed)
        let second = try #require(try journal.claimNext())
        try journal.giveBack(second.claim)
        let again = try #require(try journal.claimNext())
        #expect(again.id == second.id)
        #expect(again.attempts == 1)
    }

    @Test("refusals are recorded once and never queued", arguments: Engine.available)
    func refusals(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        #expect(try journal.refuse(identity("link.mp4"), reason: "a symlink"))
        #expect(try !journal.refuse(identity("link.mp4"), reason: "a symlink"))
        #expect(try journal.claimNext() == nil)
        #expect(try journal.enqueue(identity("link.mp4")) == .known(.refused))
    }

    @Test("the identity reads size, time and a hash of head and tail; symlinks have none")
    func identityOfFiles() throws {
        let scratch = try TemporaryFolder(prefix: "soundtrack-identity")
        let folder = scratch.url
        let a = folder.appending(path: "a")
        let b = folder.appending(path: "b")
        try Data(repeating: 1, count: 200_000).write(to: a)
        var other = Data(repeating: 1, count: 200_000)
        other[199_999] = 2
        try other.write(to: b)
        let first = try #require(FileIdentity.read(path: a.path))
        let second = try #require(FileIdentity.read(path: b.path))
        #expect(first.size == 200_000)
        #expect(first.hash != second.hash, "a different tail gives a different hash")
        try FileManager.default.createSymbolicLink(at: folder.appending(path: "link"), withDestinationURL: a)
        #expect(FileIdentity.read(path: folder.appending(path: "link").path) == nil)
    }
}
