import Foundation
import Logging
import Rendering
import Synchronization

/// The SoundFont, loaded once per daemon and shared by every job. Loading FluidR3Mono costs about
/// half a second of CPU (most of a short clip's work), and two jobs side by side held two copies
/// of its decoded samples. The renderer keeps the font in FluidSynth's sample cache, so each job's
/// synthesizers load in milliseconds.
///
/// The font loads on a thread of its own as the daemon starts, never on the concurrency pool and
/// never in a job's way: a job that starts before it is ready (or when it cannot be loaded) loads
/// its own, as `soundtrack INPUT` does, which also gives the usual error when no font is there.
final class SharedRenderer: Sendable {
    private let loaded = Mutex<ScoreRenderer?>(nil)
    let threads: Int

    init(threads: Int, logger: Logger) {
        self.threads = threads
        let thread = Thread { [self] in
            do {
                let path = try SoundFontLocator.locate(explicit: nil)
                let renderer = try ScoreRenderer(soundFontPath: path, threads: threads)
                loaded.withLock { $0 = renderer }
                logger.info("SoundFont loaded; every job shares it", metadata: ["soundfont": "\(path)"])
            } catch {
                logger.notice("no shared SoundFont; each job loads its own", metadata: ["reason": "\(error)"])
            }
        }
        thread.name = "soundfont"
        thread.start()
    }

    /// The shared renderer once it is loaded; nil before, or when it cannot be.
    var current: ScoreRenderer? {
        loaded.withLock { $0 }
    }
}
