/// A renderer may be shared between threads that render at the same time (the daemon keeps one
/// per process, so the SoundFont is loaded once): after `init` nothing in it changes, and each
/// `render` makes its own synthesizers. Those find the font in FluidSynth's sample cache, which
/// FluidSynth guards with its own lock; the `primer` is only read by FluidSynth through that cache.
extension ScoreRenderer: @unchecked Sendable {}
