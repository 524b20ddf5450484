import Foundation
import Logging
import Rendering
import Synchronization
import Threads

#if canImport(Glibc)
    import Glibc
#endif

/// The SoundFont, loaded once per daemon and shared by every job. Loading FluidR3Mono costs about
/// half a second of CPU (most of a short clip's work), and two jobs side by side held two copies
/// of its decoded samples. The renderer keeps the font in FluidSynth's sample cache, so each job's
/// synthesizers load in milliseconds.
///
/// The font loads on a thread of its own as the daemon starts, never on the concurrency pool. A
/// job that starts meanwhile waits for it on its own thread (a shutdown still stops it at once)
/// rather than loading a second copy; when it cannot be loaded, each job loads its own, as
/// `soundtrack INPUT` does, which also gives the usual error when no font is there.
final class SharedRenderer: Sendable {
    private enum State {
        case loading
        case ready(ScoreRenderer)
        case unavailable
    }

    private let state = Mutex<State>(.loading)
    let threads: Int

    init(threads: Int, logger: Logger) {
        self.threads = threads
        _ = Background(name: "soundfont") { [self] in
            do {
                let path = try SoundFontLocator.locate(explicit: nil)
                let renderer = try ScoreRenderer(soundFontPath: path, threads: threads)
                state.withLock { $0 = .ready(renderer) }
                logger.info("SoundFont loaded; every job shares it", metadata: ["soundfont": "\(path)"])
            } catch {
                state.withLock { $0 = .unavailable }
                logger.notice("no shared SoundFont; each job loads its own", metadata: ["reason": "\(error)"])
            }
        }
    }

    /// The shared renderer, waiting while it loads (call it on a job's thread, not in async
    /// code); nil when it cannot be loaded or `interrupted` says the job is being stopped.
    func wait(interrupted: () -> Bool) -> ScoreRenderer? {
        while !interrupted() {
            switch state.withLock({ $0 }) {
            case .ready(let renderer): return renderer
            case .unavailable: return nil
            case .loading: usleep(20_000)
            }
        }
        return nil
    }
}
