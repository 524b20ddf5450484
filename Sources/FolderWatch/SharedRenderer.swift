import Logging
import Rendering
import Synchronization

/// The SoundFont, loaded once per daemon and shared by every job. Loading FluidR3Mono takes about
/// half a second of CPU and its decoded samples tens of MB: for short clips that was a large part
/// of each job, and two jobs side by side held two copies. The renderer keeps the font in
/// FluidSynth's sample cache, so each job's synthesizers load in milliseconds.
final class SharedRenderer: Sendable {
    private let loaded = Mutex<ScoreRenderer?>(nil)
    let threads: Int

    init(threads: Int) {
        self.threads = threads
    }

    /// The shared renderer, loading it on first use (the other workers wait for it rather than
    /// loading their own). Nil when the font cannot be found or loaded: the job then loads it
    /// itself and fails with the error that says what to install.
    func renderer(logger: Logger) -> ScoreRenderer? {
        loaded.withLock { renderer in
            if let renderer { return renderer }
            do {
                let path = try SoundFontLocator.locate(explicit: nil)
                let made = try ScoreRenderer(soundFontPath: path, threads: threads)
                logger.info("SoundFont loaded; shared by every job", metadata: ["soundfont": "\(path)"])
                renderer = made
                return made
            } catch {
                return nil
            }
        }
    }
}
