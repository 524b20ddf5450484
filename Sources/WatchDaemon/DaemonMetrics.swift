import Metrics

/// What the daemon measures of itself, through swift-metrics: the process decides where it goes
/// (the status server bootstraps a Prometheus registry when `listen` is set; otherwise these
/// are no-ops). Job states and queue depth are not here: they live in the journal.
public struct DaemonMetrics: Sendable {
    public static let durationLabel = "soundtrack_job_duration_seconds"
    public static let speedLabel = "soundtrack_job_speed_ratio"
    public static let overflowLabel = "soundtrack_inotify_overflows_total"
    public static let pollingLabel = "soundtrack_polling_fallbacks_total"
    /// How a job ended, as the `outcome` label of the duration histogram.
    public static let outcomes = ["done", "failed"]

    let overflows = Counter(label: Self.overflowLabel)
    let pollingFallbacks = Counter(label: Self.pollingLabel)
    let speed = Gauge(label: Self.speedLabel)
    let durations: [String: Metrics.Timer]

    /// Creates every series at once, so that a scrape before the first job shows zeros rather
    /// than nothing.
    init() {
        var durations: [String: Metrics.Timer] = [:]
        for outcome in Self.outcomes {
            durations[outcome] = Metrics.Timer(label: Self.durationLabel, dimensions: [("outcome", outcome)])
        }
        self.durations = durations
    }

    /// A job ended for good: `seconds` of wall time for `mediaSeconds` of video (when known).
    func jobEnded(outcome: String, seconds: Double, mediaSeconds: Double?) {
        durations[outcome]?.recordNanoseconds(Int64(max(0, seconds) * 1e9))
        if let mediaSeconds, seconds > 0 {
            speed.record(mediaSeconds / seconds)
        }
    }
}
