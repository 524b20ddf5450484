/// The daemon's core as a pure state machine: where one dropped file stands, and what each event
/// does to it, as values. No files, no clock, no database: the watcher, the workers, the lease
/// keeper and the journal's engines report events and carry out the effects; the rules live here
/// and are tested on their own.
///
///     arrived -> settled -> queued -> claimed -> running -> done
///                   |                    |          |-> queued (another try, or the lease lost)
///                   '-> refused          '----------'-> failed / refused
public enum JobPhase: String, Sendable, CaseIterable {
    /// Seen by the watcher or a scan; may still be being written.
    case arrived
    /// Unchanged for the settle time: complete.
    case settled
    case queued
    /// A machine holds it under a lease and a fencing token.
    case claimed
    case running
    case done
    case failed
    case refused

    /// The phase a journal state stands for.
    public init(_ state: JobState) {
        switch state {
        case .queued: self = .queued
        case .running: self = .running
        case .done: self = .done
        case .failed: self = .failed
        case .refused: self = .refused
        }
    }
}

/// What happened to a file.
public enum JobEvent: Sendable, Equatable {
    /// The watcher or a scan saw it with this size and modification time, at this time.
    case seen(size: Int64, modified: Int64, at: Double)
    /// Time passed (the settle clock).
    case tick(at: Double)
    /// It cannot be taken: a symlink, not a regular file, gone or changed.
    case rejected(reason: String)
    /// The journal recorded it.
    case recorded
    /// The journal knew this very file already, in this state.
    case known(JobState)
    /// A machine claimed it: lease until `leaseUntil` (database clock), fencing token `token`.
    case claimed(machine: String, token: Int64, leaseUntil: Double)
    /// The worker started the pipeline on it.
    case started
    /// The heartbeat extended the lease.
    case renewed(leaseUntil: Double)
    /// The database's clock reads `at` and the lease was not renewed.
    case leaseCheck(at: Double)
    /// The pipeline finished, under the claim with this token.
    case succeeded(output: String, token: Int64)
    /// The pipeline failed, under the claim with this token; `retry` when the failure may pass.
    case attemptFailed(reason: String, retry: Bool, token: Int64)
    /// Stopped by a shutdown, or its output could not be written: back in the queue, the
    /// attempt not counted.
    case givenBack(token: Int64)
    /// A failed file was moved back into its drop folder.
    case returned
}

/// What the services around the core must do for a transition.
public enum JobEffect: Sendable, Equatable {
    /// Record the file in the journal (queue it).
    case record
    /// Record the file as refused, with the reason.
    case refuse(reason: String)
    /// Run the pipeline.
    case startPipeline
    /// Publish the output (the claim still holds).
    case publish(output: String)
    /// A claim that was lost finished: publish nothing and leave the record alone.
    case discard
    /// Move the input to the failed folder with an error report.
    case quarantine(reason: String)
    /// Back to the queue, for any machine to claim.
    case requeue
}

/// One file's record in the machine.
public struct JobRecord: Sendable, Equatable {
    public var phase: JobPhase
    public var size: Int64
    public var modified: Int64
    /// When size or time last changed.
    public var since: Double
    /// Attempts started, on every machine.
    public var attempts = 0
    /// Attempts that failed.
    public var failures = 0
    /// The fencing token of the latest claim.
    public var token: Int64 = 0
    public var machine: String?
    public var leaseUntil: Double?
    /// The output when done, the reason when failed or refused.
    public var outcome: String?

    public init(phase: JobPhase, size: Int64, modified: Int64, since: Double) {
        self.phase = phase
        self.size = size
        self.modified = modified
        self.since = since
    }
}

/// A step of the machine, as a value.
public struct Transition: Sendable, Equatable {
    public var from: JobPhase
    public var to: JobPhase
    public var effects: [JobEffect]
}

/// An event that cannot happen in a phase (a bug in whoever reported it).
public struct IllegalTransition: Error, Sendable, Equatable, CustomStringConvertible {
    public var phase: JobPhase
    public var event: JobEvent

    public var description: String { "\(event) cannot happen to a \(phase.rawValue) job" }
}

/// The rules.
public struct JobLifecycle: Sendable {
    public var settleSeconds: Double
    public var maximumAttempts: Int

    public init(settleSeconds: Double, maximumAttempts: Int) {
        self.settleSeconds = settleSeconds
        self.maximumAttempts = maximumAttempts
    }

    /// A file first seen.
    public func arrival(size: Int64, modified: Int64, at time: Double) -> JobRecord {
        JobRecord(phase: .arrived, size: size, modified: modified, since: time)
    }

    /// Where a failed attempt leaves a job: another try while attempts remain and the failure
    /// may pass, else failed.
    public static func afterFailure(attempts: Int, retry: Bool, maximumAttempts: Int) -> JobState {
        retry && attempts < maximumAttempts ? .queued : .failed
    }

    /// Applies `event` to `record`: the new record and the transition taken.
    public func apply(_ event: JobEvent, to record: JobRecord) throws(IllegalTransition) -> (JobRecord, Transition) {
        var next = record
        func move(_ phase: JobPhase, _ effects: [JobEffect] = []) -> (JobRecord, Transition) {
            next.phase = phase
            return (next, Transition(from: record.phase, to: phase, effects: effects))
        }
        let illegal = IllegalTransition(phase: record.phase, event: event)
        switch (record.phase, event) {
        case (.arrived, .seen(let size, let modified, let time)):
            if size != record.size || modified != record.modified {
                next.size = size
                next.modified = modified
                next.since = time
            }
            return move(.arrived)
        case (.arrived, .tick(let time)):
            return time - record.since >= settleSeconds ? move(.settled, [.record]) : move(.arrived)
        case (.arrived, .rejected(let reason)), (.settled, .rejected(let reason)):
            next.outcome = reason
            return move(.refused, [.refuse(reason: reason)])
        case (.settled, .recorded):
            return move(.queued)
        case (.settled, .known(let state)):
            return move(JobPhase(state))
        case (.queued, .claimed(let machine, let token, let leaseUntil)):
            guard token > record.token else { throw illegal }
            next.machine = machine
            next.token = token
            next.leaseUntil = leaseUntil
            next.attempts += 1
            return move(.claimed)
        case (.claimed, .started):
            return move(.running, [.startPipeline])
        case (.claimed, .renewed(let leaseUntil)), (.running, .renewed(let leaseUntil)):
            next.leaseUntil = leaseUntil
            return move(record.phase)
        case (.claimed, .leaseCheck(let time)), (.running, .leaseCheck(let time)):
            guard let leaseUntil = record.leaseUntil, time > leaseUntil else { return move(record.phase) }
            next.leaseUntil = nil
            return move(.queued, [.requeue])
        case (.claimed, .rejected(let reason)), (.running, .rejected(let reason)):
            next.outcome = reason
            return move(.refused, [.refuse(reason: reason)])
        case (_, .succeeded(_, let token)) where token != record.token,
            (_, .attemptFailed(_, _, let token)) where token != record.token,
            (_, .givenBack(let token)) where token != record.token:
            // A claim that was lost (the lease ran out and the job was claimed again): whatever
            // it did is not the job's any more.
            return (record, Transition(from: record.phase, to: record.phase, effects: [.discard]))
        case (.running, .succeeded(let output, _)):
            next.outcome = output
            next.leaseUntil = nil
            return move(.done, [.publish(output: output)])
        case (.running, .attemptFailed(let reason, let retry, _)):
            next.failures += 1
            next.outcome = reason
            next.leaseUntil = nil
            switch Self.afterFailure(attempts: record.attempts, retry: retry, maximumAttempts: maximumAttempts) {
            case .queued: return move(.queued, [.requeue])
            default: return move(.failed, [.quarantine(reason: reason)])
            }
        case (.claimed, .givenBack), (.running, .givenBack):
            next.attempts = max(0, record.attempts - 1)
            next.leaseUntil = nil
            return move(.queued, [.requeue])
        case (.failed, .returned):
            next.attempts = 0
            next.outcome = nil
            return move(.queued, [.record])
        case (.done, .seen), (.failed, .seen), (.refused, .seen), (.queued, .seen), (.claimed, .seen),
            (.running, .seen), (.settled, .seen), (_, .tick):
            // Seeing a file again, or time passing, changes nothing outside the settle wait:
            // the journal, not the watcher, decides whether a known file is new.
            return move(record.phase)
        default:
            throw illegal
        }
    }
}
