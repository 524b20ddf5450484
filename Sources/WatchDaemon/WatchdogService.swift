import ServiceLifecycle

/// systemd's watchdog: when the unit sets `WatchdogSec=`, says WATCHDOG=1 every half of it (at
/// most every second), from READY=1 until the daemon's last other service has stopped. Before
/// READY (recovery, a journal's database that cannot be reached yet) systemd counts the start
/// against `TimeoutStartSec=`, not the watchdog, so nothing is sent.
struct WatchdogService: Service {
    let daemon: DaemonState

    func run() async throws {
        guard let interval = daemon.notifier.watchdogInterval else {
            // Nothing to do; it still ends only when told to, as the group expects.
            try? await gracefulShutdown()
            return
        }
        // Ends early when this service is told to stop (or cancelled) before READY.
        await cancelWhenGracefulShutdown { await daemon.readySent.wait() }
        guard daemon.readySent.isOpen else { return }
        daemon.notifier.watchdog()
        for await _ in Ticker(every: min(interval, .seconds(1))).cancelOnGracefulShutdown() {
            daemon.notifier.watchdog()
        }
    }
}
