import MediaIO

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C (SIGINT) and SIGTERM stop the running job cleanly: the first signal sets the job's
/// interrupt flag, the job stops at its next check, nothing is committed, and the command exits
/// 75 (temporary failure: run it again) with its one line. A second signal leaves at once, with
/// the same code: every output is still an unnamed file, so nothing partial is left either way.
enum Interruption {
    /// The flag every job of this process watches.
    static let flag = InterruptFlag()

    /// Installs the handlers (once, before the first job).
    static func install() {
        _ = flag  // initialised here, never inside the handler
        // A parent may have started us with these signals blocked (a test runner, a supervisor
        // whose threads block them): blocked, they would wait forever and the job would run on.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                // Only async-signal-safe work: an atomic load and store, or _exit.
                if Interruption.flag.isSet { _exit(Interruption.exitCode) }
                Interruption.flag.set()
            }
        }
    }

    /// sysexits' EX_TEMPFAIL.
    static let exitCode: Int32 = 75
}
