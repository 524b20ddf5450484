import FileSystem
import Journal
import Logging
import WatchConfiguration

#if canImport(Glibc)
    import Glibc
#endif

extension JobRunner {
    /// The check the pipeline makes on the job's thread just before it links the output under
    /// its name: the claim is renewed, which fails when another machine holds the job now (this
    /// machine was frozen or cut off past its lease). Then nothing is published, not even for a
    /// moment; the job stops as if the lease keeper had found the claim lost. A renewed lease
    /// keeps other machines off the job while the output is linked and "done" recorded.
    /// Before that, a single file must still be the file the job was queued for: one replaced or
    /// rewritten while the job ran stops it (the new version is a job of its own once it settles).
    /// An album's photos may change; they are handled when it is delivered (`PhotoAlbum`).
    func publishFence(_ entry: JournalEntry, control: JobControl) -> @Sendable () -> String? {
        { [journal, leaseSeconds, claim = entry.claim] in
            if Self.changedSinceQueued(entry) {
                control.stop(.inputChanged)
                return "the input changed while its job ran"
            }
            do {
                if try journal.renew(claim, leaseSeconds: leaseSeconds) { return nil }
                control.stop(.leaseLost)
                return "another machine holds the job now"
            } catch {
                control.stop(.claimUnconfirmed)
                return "the journal cannot confirm the claim (\(error))"
            }
        }
    }

    /// Whether the single file `entry` was queued for has been replaced or rewritten since. One
    /// since deleted has not: no new version waits, and the job's output stands.
    static func changedSinceQueued(_ entry: JournalEntry) -> Bool {
        let path = entry.identity.path
        guard let status = FileStatus(path: path), status.kind != .folder else { return false }
        return FileIdentity.read(path: path) != entry.identity
    }

    /// A job published its output but its "done" was not recorded: the claim was lost between
    /// the publish fence and the record (this machine was frozen right there past its lease, and
    /// another machine claimed the job), or the database could not be reached (during a stop, or
    /// for longer than the journal waits). The output this run made is taken back, leaving the
    /// job's one output to the run that records it: the machine that holds it now, or the next
    /// run of the job, which is still in the journal.
    func withdraw(
        _ output: String, watch: WatchFolder, logger: Logger, unrecorded: Result<Bool, JournalError>
    ) -> Outcome {
        unlink(output)
        if watch.report { unlink(OutputNames.report(for: output)) }
        if case .failure(let error) = unrecorded {
            logger.warning(
                "finished, but the journal could not record it; its output is withdrawn and the job runs again",
                metadata: ["output": "\(output)", "reason": "\(error)"])
        } else {
            logger.warning(
                "finished after losing the claim (another machine holds the job now); its output is withdrawn",
                metadata: ["output": "\(output)"])
        }
        return .givenBack
    }
}
