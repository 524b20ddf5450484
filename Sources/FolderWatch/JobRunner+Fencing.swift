import Journal
import Logging

#if canImport(Glibc)
    import Glibc
#endif

extension JobRunner {
    /// A job finished under a claim that was lost (this machine was frozen or cut off past its
    /// lease, and another machine claimed the job): the journal refused the record, so the
    /// output this run made is taken back, leaving the job's one output to the machine that
    /// holds it now.
    func withdraw(_ output: String, watch: WatchFolder, logger: Logger) -> Outcome {
        unlink(output)
        if watch.report { unlink(OutputNames.report(for: output)) }
        logger.warning(
            "finished after losing the claim (another machine holds the job now); its output is withdrawn",
            metadata: ["output": "\(output)"])
        return .givenBack
    }
}
