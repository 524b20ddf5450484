import Testing

@testable import Journal

/// The daemon's core on its own: every transition, with no files, threads or database.
@Suite("Job lifecycle")
struct JobLifecycleTests {
    let machine = JobLifecycle(settleSeconds: 5, maximumAttempts: 2)

    private func run(_ events: [JobEvent], from record: JobRecord? = nil) throws -> (JobRecord, [Transition]) {
        var record = record ?? machine.arrival(size: 10, modified: 1, at: 0)
        var transitions: [Transition] = []
        for event in events {
            let (next, transition) = try machine.apply(event, to: record)
            record = next
            transitions.append(transition)
        }
        return (record, transitions)
    }

    private var claimed: [JobEvent] {
        [.tick(at: 5), .recorded, .claimed(machine: "a", token: 1, leaseUntil: 100), .started]
    }

    @Test("a file settles only after staying unchanged for the settle time; a change starts the clock again")
    func settling() throws {
        let (waiting, transitions) = try run([.tick(at: 4), .seen(size: 20, modified: 2, at: 4), .tick(at: 8)])
        #expect(waiting.phase == .arrived)
        #expect(transitions.allSatisfy { $0.effects.isEmpty })
        let (settled, last) = try run([.tick(at: 9)], from: waiting)
        #expect(settled.phase == .settled)
        #expect(last.last?.effects == [.record])
        #expect(settled.size == 20)
    }

    @Test("arrival to done: recorded, claimed under a lease, started, published")
    func happyPath() throws {
        let (record, transitions) = try run(claimed + [.renewed(leaseUntil: 160), .succeeded(output: "/out/a", token: 1)])
        #expect(transitions.map(\.to) == [.settled, .queued, .claimed, .running, .running, .done])
        #expect(transitions[3].effects == [.startPipeline])
        #expect(transitions.last?.effects == [.publish(output: "/out/a")])
        #expect(record.attempts == 1)
        #expect(record.machine == "a")
        #expect(record.outcome == "/out/a")
    }

    @Test("a file the journal knows takes the journal's state")
    func known() throws {
        let (record, _) = try run([.tick(at: 5), .known(.done)])
        #expect(record.phase == .done)
        #expect(throws: IllegalTransition.self) { try run([.started], from: record) }
    }

    @Test("rejected files are refused, before or after a claim")
    func refused() throws {
        let (early, first) = try run([.rejected(reason: "a symlink")])
        #expect(early.phase == .refused)
        #expect(first.last?.effects == [.refuse(reason: "a symlink")])
        let (late, _) = try run(claimed + [.rejected(reason: "vanished")])
        #expect(late.phase == .refused)
    }

    @Test("failures retry while attempts remain and the failure may pass, then quarantine")
    func failures() throws {
        let (retried, first) = try run(claimed + [.attemptFailed(reason: "boom", retry: true, token: 1)])
        #expect(retried.phase == .queued)
        #expect(first.last?.effects == [.requeue])
        let (failed, second) = try run(
            [.claimed(machine: "b", token: 2, leaseUntil: 200), .started,
             .attemptFailed(reason: "boom", retry: true, token: 2)], from: retried)
        #expect(failed.phase == .failed)
        #expect(second.last?.effects == [.quarantine(reason: "boom")])
        #expect(failed.attempts == 2 && failed.failures == 2)
        let (permanent, _) = try run(claimed + [.attemptFailed(reason: "not a video", retry: false, token: 1)])
        #expect(permanent.phase == .failed, "a permanent failure does not retry")
        let (back, last) = try run([.returned], from: failed)
        #expect(back.phase == .queued && back.attempts == 0)
        #expect(last.last?.effects == [.record])
    }

    @Test("a job given back (shutdown, blocked output) does not count its attempt")
    func givenBack() throws {
        let (record, transitions) = try run(claimed + [.givenBack(token: 1)])
        #expect(record.phase == .queued)
        #expect(record.attempts == 0)
        #expect(transitions.last?.effects == [.requeue])
    }

    @Test("a lease not renewed runs out; the late machine's results are discarded, the new claim's kept")
    func leaseLostAndFencing() throws {
        let (renewed, _) = try run(claimed + [.leaseCheck(at: 50)])
        #expect(renewed.phase == .running, "the lease still holds")
        let (expired, transitions) = try run([.leaseCheck(at: 101)], from: renewed)
        #expect(expired.phase == .queued)
        #expect(transitions.last?.effects == [.requeue])
        #expect(throws: IllegalTransition.self, "a token must grow") {
            try run([.claimed(machine: "b", token: 1, leaseUntil: 200)], from: expired)
        }
        let (reclaimed, _) = try run([.claimed(machine: "b", token: 2, leaseUntil: 200), .started], from: expired)
        #expect(reclaimed.attempts == 2)
        for late in [
            JobEvent.succeeded(output: "/out/late", token: 1), .attemptFailed(reason: "x", retry: true, token: 1),
            .givenBack(token: 1),
        ] {
            let (after, step) = try run([late], from: reclaimed)
            #expect(after == reclaimed, "\(late) changes nothing")
            #expect(step.last?.effects == [.discard])
        }
        let (done, _) = try run([.succeeded(output: "/out/b", token: 2)], from: reclaimed)
        #expect(done.phase == .done && done.machine == "b")
    }

    @Test("events that cannot happen in a phase are refused as illegal")
    func illegal() throws {
        let arrived = machine.arrival(size: 1, modified: 1, at: 0)
        for event in [JobEvent.recorded, .started, .claimed(machine: "a", token: 1, leaseUntil: 1), .returned] {
            #expect(throws: IllegalTransition(phase: .arrived, event: event)) { try machine.apply(event, to: arrived) }
        }
        let (done, _) = try run(claimed + [.succeeded(output: "/o", token: 1)])
        for event in [JobEvent.claimed(machine: "a", token: 2, leaseUntil: 1), .returned, .recorded] {
            #expect(throws: IllegalTransition.self) { try machine.apply(event, to: done) }
        }
        let (again, step) = try run([.seen(size: 10, modified: 1, at: 99)], from: done)
        #expect(again.phase == .done && step.last?.effects == [], "done is never redone")
    }
}
