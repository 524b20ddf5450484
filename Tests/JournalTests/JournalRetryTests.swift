import Foundation
import TestSupport
import Testing

@testable import Journal

/// Failed files given another chance, times kept for `status`, and journals of older versions.
@Suite("Journal: retry, times and upgrades")
struct JournalRetryTests {
    /// The SQLite file, its -wal and -shm, removed with their folder after each test.
    private let scratch: TemporaryFolder
    private let path: String

    init() throws {
        scratch = try TemporaryFolder(prefix: "soundtrack-journal")
        path = scratch.path("journal.sqlite")
    }

    private func failed(_ journal: Journal, _ name: String, parkedAt parked: String?) throws -> Int64 {
        let identity = FileIdentity(path: "/in/\(name)", size: 10, modified: 1, hash: "00")
        _ = try journal.enqueue(identity)
        let entry = try #require(try journal.claimNext())
        _ = try journal.markFailed(entry.claim, reason: "broken", stage: "probing", retry: false, maximumAttempts: 3)
        if let parked { try journal.markParked(entry.id, at: parked) }
        return entry.id
    }

    @Test("a failed file moved back from the failed folder is queued again; one that never left is not", arguments: Engine.available)
    func returned(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        let id = try failed(journal, "a.mp4", parkedAt: "/failed/a.mp4")
        _ = try failed(journal, "b.mp4", parkedAt: nil)
        let back = FileIdentity(path: "/in/a.mp4", size: 10, modified: 1, hash: "00")
        #expect(try journal.enqueue(back) == .returned(id: id))
        let entry = try #require(try journal.entries().first { $0.id == id })
        #expect(entry.state == .queued)
        #expect(entry.attempts == 0)
        #expect(entry.parked == nil)
        #expect(entry.outcome == nil)
        let stayed = FileIdentity(path: "/in/b.mp4", size: 10, modified: 1, hash: "00")
        #expect(try journal.enqueue(stayed) == .known(.failed))
    }

    @Test("requeueFailed queues a failed job once; times are kept in order", arguments: Engine.available)
    func requeueAndTimes(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journal = try store.open()
        let id = try failed(journal, "a.mp4", parkedAt: "/failed/a.mp4")
        let failedEntry = try #require(try journal.entries().first)
        #expect(failedEntry.queuedAt != nil)
        #expect((failedEntry.startedAt ?? 0) >= (failedEntry.queuedAt ?? .infinity))
        #expect((failedEntry.finishedAt ?? 0) >= (failedEntry.startedAt ?? .infinity))
        #expect(try journal.failedEntries().map(\.id) == [id])
        #expect(try journal.requeueFailed(id))
        #expect(try !journal.requeueFailed(id), "no longer failed")
        let entry = try #require(try journal.entries().first)
        #expect(entry.state == .queued)
        #expect(entry.startedAt == nil && entry.finishedAt == nil)
    }

    @Test("a journal written before the time columns is upgraded, and read read-only as it is")
    func olderJournal() throws {
        do {
            let old = try SQLiteConnection(path: path, readOnly: false)
            try old.execute(
                """
                PRAGMA journal_mode = WAL;
                CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL,
                modified INTEGER NOT NULL, hash TEXT NOT NULL, state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, outcome TEXT, stage TEXT, updated INTEGER NOT NULL,
                UNIQUE (path, size, modified, hash));
                INSERT INTO files (path, size, modified, hash, state, outcome, updated)
                VALUES ('/in/a.mp4', 1, 1, '00', 'done', '/out/a.soundtrack.mp4', 5);
                """)
        }
        let reader = try Journal(path: path, readOnly: true)
        #expect(try reader.entries().first?.outcome == "/out/a.soundtrack.mp4")
        #expect(try reader.entries().first?.finishedAt == nil)
        let writer = try Journal(path: path)
        #expect(writer.columns.contains("parked"))
        #expect(try writer.entries().first?.state == .done)
    }
}
