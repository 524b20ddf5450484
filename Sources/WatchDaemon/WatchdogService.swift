import ServiceLifecycle

/// systemd's watchdog: when the unit sets `WatchdogSec=`, says WATCHDOG=1 every half of it (at
/// most every second), from the start until the daemon's last other service has stopped.
struct WatchdogService: Service {
    let daemon: DaemonState

    func run() async throws {
        guard let interval = daemon.notifier.watchdogInterval else {
            // Nothing to do; it still ends only when told to, as the group expects.
            try? await gracefulShutdown()
            return
        }
        daemon.notifier.watchdog()
        for await _ in Ticker(every: min(interval, .seconds(1))).cancelOnGracefulShutdown() {
            daemon.notifier.watchdog()
        }
    }
}
