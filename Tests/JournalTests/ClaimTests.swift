import Foundation
import Testing

@testable import Journal

#if canImport(Glibc)
    import Glibc
#endif

/// Several machines on one journal: claims under leases, fencing tokens, counts across machines.
@Suite("Journal: claims across machines")
struct ClaimTests {
    private func identity(_ name: String) -> FileIdentity {
        FileIdentity(path: "/in/\(name)", size: 10, modified: 1, hash: "00")
    }

    @Test("machines claiming at once each get different jobs, and every job is claimed once", arguments: Engine.available)
    func concurrentClaims(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journals = try (0..<3).map { try store.open(machine: "m\($0)") }
        for index in 0..<30 { _ = try journals[index % 3].enqueue(identity("\(index).mp4")) }
        let claimed = ClaimLog()
        DispatchQueue.concurrentPerform(iterations: 3) { machine in
            while let entry = try? journals[machine].claimNext() {
                claimed.add(entry, machine: machine)
                _ = try? journals[machine].markDone(entry.claim, output: "/out/\(entry.id)")
            }
        }
        let entries = claimed.entries
        #expect(entries.count == 30)
        #expect(Set(entries.map(\.id)).count == 30, "no job claimed twice")
        #expect(try journals[0].counts()[.done] == 30)
        #expect(Set(try journals[0].entries().compactMap(\.machine)).isSubset(of: ["m0", "m1", "m2"]))
    }

    @Test("the same file admitted by several machines is one row", arguments: Engine.available)
    func oneRowPerFile(engine: Engine) throws {
        let store = try JournalStore(engine)
        let journals = try (0..<3).map { try store.open(machine: "m\($0)") }
        let admissions = AdmissionLog()
        DispatchQueue.concurrentPerform(iterations: 3) { machine in
            for index in 0..<20 {
                if let admission = try? journals[machine].enqueue(identity("\(index).mp4")) { admissions.add(admission) }
            }
        }
        #expect(try journals[0].entries().count == 20)
        #expect(admissions.queued == 20, "each file queued by exactly one machine")
    }

    @Test("a lease that runs out lets another machine claim the job; the first one's claim is fenced off",
        arguments: Engine.available)
    func leaseAndFencing(engine: Engine) throws {
        let store = try JournalStore(engine)
        let first = try store.open(machine: "first")
        let second = try store.open(machine: "second")
        _ = try first.enqueue(identity("a.mp4"))
        // A long lease first, so that a slow commit on a loaded machine cannot let it run out
        // before the second machine looks; then renewed short on purpose.
        let stale = try #require(try first.claimNext(leaseSeconds: 30))
        #expect(stale.machine == "first")
        #expect(try second.claimNext(leaseSeconds: 30) == nil, "the lease still holds")
        #expect(try first.renew(stale.claim, leaseSeconds: 0.1))
        usleep(400_000)
        let taken = try #require(try second.claimNext(leaseSeconds: 30), "the lease ran out")
        #expect(taken.id == stale.id)
        #expect(taken.token == stale.token + 1)
        #expect(taken.attempts == 2, "the lost attempt counts")
        #expect(taken.machine == "second")
        // The first machine wakes up: every write under its old claim is refused.
        #expect(try !first.renew(stale.claim))
        #expect(try !first.holds(stale.claim))
        #expect(try !first.markDone(stale.claim, output: "/out/stale"))
        #expect(try first.markFailed(stale.claim, reason: "x", stage: nil, retry: true, maximumAttempts: 3) == nil)
        try first.giveBack(stale.claim)
        #expect(try !first.markRefused(stale.claim, reason: "x"))
        #expect(try second.holds(taken.claim))
        #expect(try second.markDone(taken.claim, output: "/out/a"))
        #expect(try second.markDone(taken.claim, output: "/out/a"), "said again after a lost answer: still true")
        let entry = try #require(try first.entries().first)
        #expect(entry.state == .done)
        #expect(entry.outcome == "/out/a")
        #expect(entry.machine == "second")
    }

    @Test("attempts and failures are counted across machines; restart requeues only the machine's own jobs",
        arguments: Engine.available)
    func countsAcrossMachines(engine: Engine) throws {
        let store = try JournalStore(engine)
        let first = try store.open(machine: "first")
        let second = try store.open(machine: "second")
        _ = try first.enqueue(identity("a.mp4"))
        _ = try first.enqueue(identity("b.mp4"))
        let a1 = try #require(try first.claimNext())
        #expect(try first.markFailed(a1.claim, reason: "one", stage: nil, retry: true, maximumAttempts: 3) == .queued)
        let a2 = try #require(try second.claimNext())
        #expect(a2.id == a1.id)
        #expect(a2.attempts == 2)
        #expect(try second.markFailed(a2.claim, reason: "two", stage: nil, retry: true, maximumAttempts: 2) == .failed)
        let entry = try #require(try first.entries().first { $0.id == a1.id })
        #expect(entry.failures == 2)
        #expect(entry.attempts == 2)
        #expect(entry.machine == "second")
        let b = try #require(try second.claimNext())
        #expect(try first.requeueInterrupted() == 0, "the second machine's job is not the first's to requeue")
        #expect(try second.requeueInterrupted() == 1)
        #expect(try first.entries().first { $0.id == b.id }?.state == .queued)
    }
}

private final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [JournalEntry] = []
    func add(_ entry: JournalEntry, machine: Int) { lock.withLock { list.append(entry) } }
    var entries: [JournalEntry] { lock.withLock { list } }
}

private final class AdmissionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ admission: Admission) {
        if case .queued = admission { lock.withLock { count += 1 } }
    }
    var queued: Int { lock.withLock { count } }
}
