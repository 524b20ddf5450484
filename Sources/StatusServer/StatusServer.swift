import Foundation
import Hummingbird
import Journal
import Logging
import ServiceLifecycle
import Synchronization
import Threads
import WatchConfiguration
import WatchDaemon

/// The daemon's read-only window over HTTP: `/` a page of jobs, `/jobs.json` what it draws,
/// `/healthz`, `/metrics` (Prometheus text) and `/report/ID` (a job's HTML report).
///
/// It runs as one more service in the daemon's `ServiceGroup`, so SIGTERM stops it with the
/// rest. It reads job states through its own read-only journal connection (a busy page never
/// waits on the daemon's writes) and asks the daemon only for its health.
public struct StatusServer: Service {
    let address: ListenAddress
    let journal: Journal
    let daemon: DaemonState
    let metrics: StatusMetrics
    let logger: Logger

    /// Checks that the address can be bound and opens the journal; throws what stops the
    /// daemon from starting.
    public init(
        address: ListenAddress, journalPath: String, daemon: DaemonState, metrics: StatusMetrics, logger: Logger
    ) throws(StatusServerError) {
        if let problem = ListenProbe.problem(address) {
            throw .cannotListen(address: address.description, reason: problem)
        }
        do {
            var settings = daemon.configuration
            settings.journal = journalPath
            journal = try settings.openJournal(readOnly: true)
        } catch {
            throw .cannotListen(address: address.description, reason: "cannot read the journal (\(error))")
        }
        self.address = address
        self.daemon = daemon
        self.metrics = metrics
        self.logger = logger
    }

    /// The address handed to the socket: "localhost" as 127.0.0.1, so that it binds where the
    /// probe checked whatever the resolver says.
    static func bindHost(_ address: ListenAddress) -> String {
        address.host == "localhost" ? "127.0.0.1" : address.host
    }

    public func run() async throws {
        // Closed when the server stops, which is before the daemon closes its own connection:
        // SQLite folds the write-ahead log back into the journal only when the last connection
        // closes, and this one, read-only, cannot.
        defer { journal.close() }
        let listening = Listening()
        // Hummingbird says when it listens at info; one notice line of ours is enough.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let app = Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(Self.bindHost(address), port: address.port), serverName: nil),
            onServerRunning: { [logger, address] _ in
                listening.flag.store(true, ordering: .relaxed)
                logger.notice("status page listening", metadata: ["address": "http://\(address)/"])
            },
            logger: quiet)
        do {
            try await app.run()
        } catch {
            guard listening.flag.load(ordering: .relaxed) else {
                throw StatusServerError.cannotListen(address: address.description, reason: "\(error)")
            }
            throw error
        }
    }

    /// Whether the server got as far as listening: errors before that are about the address.
    private final class Listening: Sendable {
        let flag = Atomic<Bool>(false)
    }

    /// Why `/healthz` says 503, or nil: the daemon's own checks, then whether the journal answers.
    /// Called on a thread of its own (`read`).
    func healthProblem() -> String? {
        if let problem = daemon.healthProblem() { return problem }
        do {
            _ = try journal.counts()
        } catch {
            return "the journal does not answer: \(error)"
        }
        return nil
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            Self.response(.ok, "text/html; charset=utf-8", Array(StatusPage.html.utf8), page: true)
        }
        router.get("/jobs.json") { _, _ in
            let document = await read {
                JobsDocument(
                    entries: (try? journal.entries()) ?? [], healthProblem: healthProblem(),
                    now: Date().timeIntervalSince1970)
            }
            return Self.response(.ok, "application/json", Array(document.encoded()))
        }
        router.get("/healthz") { _, _ in
            let problem = await read { healthProblem() }
            return Self.response(
                problem == nil ? .ok : .serviceUnavailable, "text/plain; charset=utf-8",
                Array("\(problem ?? "ok")\n".utf8))
        }
        router.get("/metrics") { _, _ in
            let (counts, healthy) = await read { ((try? journal.counts()) ?? [:], healthProblem() == nil) }
            let bytes = metrics.exposition(counts: counts, healthy: healthy)
            return Self.response(.ok, "text/plain; version=0.0.4; charset=utf-8", bytes)
        }
        router.get("/report/{id}") { _, context in
            let id = context.parameters.get("id", as: Int64.self)
            let found = await read { id.flatMap { id in try? journal.entries().first(where: { $0.id == id }) } }
            guard let entry = found, entry.state == .done,
                let output = entry.outcome, let path = ReportLocator.report(forOutput: output),
                let data = FileManager.default.contents(atPath: path)
            else {
                return Self.response(.notFound, "text/plain; charset=utf-8", Array("no report for this job\n".utf8))
            }
            return Self.response(.ok, "text/html; charset=utf-8", Array(data), page: true)
        }
        return router
    }

    /// Reads the journal on a thread of its own: a database that is slow to answer never holds
    /// one of the few threads that serve every request.
    private func read<T>(_ work: @escaping @Sendable () -> T) async -> T {
        await Background.run(name: "status-read", work)
    }

    /// Every answer is uncached; pages may run only their own inline code.
    static func response(
        _ status: HTTPResponse.Status, _ type: String, _ bytes: [UInt8], page: Bool = false
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if page {
            headers[.contentSecurityPolicy] = StatusPage.contentSecurityPolicy
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
