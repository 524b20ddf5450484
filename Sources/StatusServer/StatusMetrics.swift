import CoreMetrics
import Journal
import Metrics
import Prometheus
import WatchDaemon

/// The Prometheus side of the daemon's metrics. The daemon records through swift-metrics
/// (`DaemonMetrics`); this factory, bootstrapped as its backend, puts those series into one
/// registry with a HELP line each (PrometheusMetricsFactory has none, and `promtool check
/// metrics` rejects series without). Job states and queue depth come from the journal at
/// each scrape, so they agree with `soundtrack status`.
public final class StatusMetrics: MetricsFactory, Sendable {
    public let registry = PrometheusCollectorRegistry()

    static let help = [
        DaemonMetrics.durationLabel: "Wall-clock time of jobs that ended, by outcome (done, failed).",
        DaemonMetrics.speedLabel: "Speed of the last job done: seconds of video per second of work (x real time).",
        DaemonMetrics.overflowLabel: "Times the inotify event queue overflowed and every folder was rescanned.",
        DaemonMetrics.pollingLabel: "Folders inotify could not watch that were polled instead.",
        jobsLabel: "Jobs in the journal, by state.",
        queueLabel: "Jobs waiting for a worker.",
        healthyLabel: "1 when /healthz answers 200, else 0.",
    ]
    static let jobsLabel = "soundtrack_jobs"
    static let queueLabel = "soundtrack_queue_depth"
    static let healthyLabel = "soundtrack_healthy"

    /// Job durations run from seconds (a short clip) to an hour (`job_seconds`' default).
    static let durationBuckets: [Duration] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600].map { .seconds($0) }

    public init() {}

    /// Makes a registry the backend of swift-metrics for the whole process. Call once, before
    /// the daemon is created (its metrics are made when it is).
    public static func bootstrap() -> StatusMetrics {
        let metrics = StatusMetrics()
        MetricsSystem.bootstrap(metrics)
        return metrics
    }

    /// The text `/metrics` serves, with the journal's figures brought up to date first.
    func exposition(counts: [JobState: Int], healthy: Bool) -> [UInt8] {
        for state in JobState.allCases {
            gauge(Self.jobsLabel, [("state", state.rawValue)]).set(to: Double(counts[state] ?? 0))
        }
        gauge(Self.queueLabel, []).set(to: Double(counts[.queued] ?? 0))
        gauge(Self.healthyLabel, []).set(to: healthy ? 1 : 0)
        return registry.emitToBuffer()
    }

    private static func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: help[label] ?? "")
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: Self.descriptor(label), labels: dimensions)
    }

    // MARK: - MetricsFactory

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: Self.descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)])
        -> any FloatingPointCounterHandler
    {
        registry.makeCounter(descriptor: Self.descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return gauge(label, dimensions) }
        return registry.makeValueHistogram(
            descriptor: Self.descriptor(label), labels: dimensions, buckets: [0.5, 1, 2, 5, 10, 20, 50])
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        gauge(label, dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(
            descriptor: Self.descriptor(label), labels: dimensions, buckets: Self.durationBuckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}
