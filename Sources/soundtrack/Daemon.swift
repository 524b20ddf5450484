#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import Dispatch
import Foundation
import Logging
import MediaIO
import ServiceLifecycle
import StatusServer
import WatchDaemon

/// `soundtrack daemon --config watch.conf`: runs until SIGTERM or SIGINT.
struct Daemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch the drop folders of watch.conf and soundtrack every video that arrives.",
        discussion: """
            SIGTERM or SIGINT stop it gracefully (jobs in flight get stop_seconds to finish, then go back \
            to the queue); SIGHUP reloads watch.conf. Speaks systemd's notify protocol when NOTIFY_SOCKET \
            is set. With listen set in [daemon], serves a status page, /healthz and /metrics there. Exit \
            codes: 0 stopped, 78 unusable configuration (or a listen address in use), 73 journal cannot be \
            created.
            """)

    @Option(help: "The configuration file (TOML; see watch.conf.example).")
    var config: String

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let toJournal = JournaldLogHandler.stderrIsJournal(environment: environment)
        let logger = toJournal ? journalLogger() : logging.makeLogger(interactive: false)
        // Before the daemon exists: its metrics are made with it, and go where this says.
        let metrics = StatusMetrics.bootstrap()
        let daemon: DaemonState
        do {
            daemon = try DaemonState(configPath: config, logger: logger, environment: environment)
        } catch {
            let problems: [String]
            if case .configuration(let problem) = error {
                problems = problem.all.map(\.description)
            } else {
                problems = [error.description]
            }
            for problem in problems {
                FileHandle.standardError.write(Data("\(toJournal ? "<3>" : "")soundtrack: \(problem)\n".utf8))
            }
            throw ExitCode(error.exitCode)
        }
        // The group stops its services one at a time, from the last to the first: the watcher
        // first, then the worker pool (its jobs drain), the lease keeper, the watchdog.
        var services = daemon.services
        if let address = daemon.configuration.listen {
            do {
                // First in the group, so shut down last: the page stays up while jobs drain.
                services.insert(
                    try StatusServer(
                        address: address, journalPath: daemon.configuration.journal, daemon: daemon,
                        metrics: metrics, logger: logger), at: 0)
            } catch {
                FileHandle.standardError.write(Data("\(toJournal ? "<3>" : "")soundtrack: \(error)\n".utf8))
                throw ExitCode(error.exitCode)
            }
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let failure = runBlocking {
            do {
                try await group.run()
            } catch {
                await daemon.close()
                throw error
            }
            await daemon.close()
        }
        let priority = toJournal ? "<3>" : ""
        if let failure = failure as? StatusServerError {
            FileHandle.standardError.write(Data("\(priority)soundtrack: \(failure)\n".utf8))
            throw ExitCode(failure.exitCode)
        }
        if let failure {
            FileHandle.standardError.write(Data("\(priority)soundtrack: the daemon stopped on an error: \(failure)\n".utf8))
            throw ExitCode(70)
        }
    }
}

extension Daemon {
    /// Lines with syslog priorities for journald (see `JournaldLogHandler`), at the level the
    /// flags ask for.
    func journalLogger() -> Logger {
        let level: Logger.Level = logging.quiet ? .error : logging.verbose ? .debug : .info
        LoggingSystem.bootstrap { _ in
            var handler = JournaldLogHandler()
            handler.logLevel = level
            return EscapingLogHandler(handler)
        }
        FFmpegLog.install()
        return Logger(label: "soundtrack")
    }
}

/// Runs async work to its end from synchronous code (the command line's `run()`); the calling
/// thread waits, the work runs on the concurrency pool. Returns the error, if any.
func runBlocking(_ work: @escaping @Sendable () async throws -> Void) -> (any Error)? {
    final class Outcome: @unchecked Sendable {
        // Written once by the task before it signals, read after the wait: the semaphore orders them.
        var error: (any Error)?
    }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await work() } catch { outcome.error = error }
        done.signal()
    }
    done.wait()
    return outcome.error
}
