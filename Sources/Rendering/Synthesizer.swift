internal import CFluidSynth

/// One FluidSynth synthesizer with one SoundFont loaded, rendering offline (no audio driver).
///
/// Owns its settings and synth; both are freed in `deinit`. Not thread-safe: one thread drives it
/// at a time (FluidSynth's own locking is turned off for speed). A synthesizer plays one score:
/// FluidSynth's reset does not restore all of its state (reverb, voice allocation), so a second
/// rendering on the same synthesizer would differ slightly from the first; every rendering gets a
/// fresh one instead. While another synthesizer holds the same font, loading it again takes
/// ~50 ms, not seconds, because FluidSynth caches the decoded samples.
final class Synthesizer {
    /// FluidSynth renders in fixed blocks of this many frames; an event sent between two calls
    /// to `render` takes effect at the next block boundary.
    static let blockFrames = 64

    private let settings: OpaquePointer
    private let synth: OpaquePointer
    let channelCount: Int
    /// Whether the odd MIDI channels are rendered apart (`render(frames:into:echoed:)`).
    let splitsOddChannels: Bool
    /// Planar scratch for the split rendering, four runs of `planarFrames`: main left, main
    /// right, odd left, odd right.
    private var planar = UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)
    private var planarFrames = 0

    /// FluidSynth's log functions are process-wide; silence them once.
    private static let quietLogs: Void = st_fluid_quiet()

    /// - Parameters:
    ///   - channels: how many MIDI channels to provide (rounded up to a multiple of 16).
    ///   - polyphony: voices at once. 32 a synth (64 for the usual two) is a hardware GM module's
    ///     budget; beyond it FluidSynth drops the quietest released voices first. Long pad
    ///     releases otherwise pile up voices nobody hears and halve the rendering speed.
    ///   - splittingOddChannels: render the odd MIDI channels' dry sound apart from the rest (for
    ///     a delay on them); their reverb stays with the rest.
    init(
        soundFontPath: String, sampleRate: Int, channels: Int, polyphony: Int = 32, splittingOddChannels: Bool = false
    ) throws {
        _ = Self.quietLogs
        guard let settings = new_fluid_settings() else {
            throw RenderingError.synthesizerUnavailable(reason: "new_fluid_settings returned nothing")
        }
        let channelCount = max(16, (channels + 15) / 16 * 16)
        let configured =
            fluid_settings_setnum(settings, "synth.sample-rate", Double(sampleRate)) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.polyphony", Int32(polyphony)) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.midi-channels", Int32(channelCount)) == st_fluid_ok()
            // Chorus makes many presets several dB louder and smears the attack; the mix stays dry.
            && fluid_settings_setint(settings, "synth.chorus.active", 0) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.reverb.active", 1) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.threadsafe-api", 0) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.verbose", 0) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.audio-channels", splittingOddChannels ? 2 : 1) == st_fluid_ok()
            && fluid_settings_setint(settings, "synth.audio-groups", splittingOddChannels ? 2 : 1) == st_fluid_ok()
        guard configured else {
            delete_fluid_settings(settings)
            throw RenderingError.synthesizerUnavailable(
                reason: "FluidSynth rejected the settings (sample rate \(sampleRate) Hz, \(channelCount) channels)")
        }
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw RenderingError.synthesizerUnavailable(reason: "new_fluid_synth returned nothing")
        }
        self.settings = settings
        self.synth = synth
        self.channelCount = channelCount
        self.splitsOddChannels = splittingOddChannels
        // From here on `deinit` frees both, also when the font fails to load.
        guard fluid_synth_get_internal_bufsize(synth) == Int32(Self.blockFrames) else {
            throw RenderingError.synthesizerUnavailable(reason: "unexpected internal block size")
        }
        guard fluid_synth_sfload(synth, soundFontPath, 1) != st_fluid_failed() else {
            throw RenderingError.soundFontInvalid(path: soundFontPath)
        }
    }

    deinit {
        planar.deallocate()
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    /// Sets up `channel` to play `program` (a General MIDI program, or a drum kit when `drums`)
    /// with the given reverb send and channel volume, and no chorus.
    func configure(channel: Int, program: Int, drums: Bool, reverb: Int, volume: Int) throws {
        let chan = Int32(channel)
        let type = drums ? CHANNEL_TYPE_DRUM : CHANNEL_TYPE_MELODIC
        let ok =
            fluid_synth_set_channel_type(synth, chan, Int32(type.rawValue)) == st_fluid_ok()
            && fluid_synth_program_change(synth, chan, Int32(min(max(program, 0), 127))) == st_fluid_ok()
            && fluid_synth_cc(synth, chan, 91, Int32(min(max(reverb, 0), 127))) == st_fluid_ok()
            && fluid_synth_cc(synth, chan, 93, 0) == st_fluid_ok()
            && fluid_synth_cc(synth, chan, 7, Int32(min(max(volume, 0), 127))) == st_fluid_ok()
        guard ok else {
            throw RenderingError.synthesisFailed(
                reason: "could not set up MIDI channel \(channel) with program \(program)")
        }
    }

    /// Starts a note. FluidSynth reports failure when no preset exists for the channel's program;
    /// such notes are silent rather than fatal, so the result is ignored.
    func noteOn(channel: Int, pitch: Int, velocity: Int) {
        _ = fluid_synth_noteon(synth, Int32(channel), Int32(pitch), Int32(velocity))
    }

    /// Sets a controller (expression, sustain pedal, modulation, ...) on `channel`.
    func control(channel: Int, controller: Int, value: Int) {
        _ = fluid_synth_cc(synth, Int32(channel), Int32(controller), Int32(value))
    }

    /// Releases a note; failure only means the note was not sounding.
    func noteOff(channel: Int, pitch: Int) {
        _ = fluid_synth_noteoff(synth, Int32(channel), Int32(pitch))
    }

    /// Renders `frames` stereo frames, interleaved, overwriting the start of `buffer`; with
    /// `echoed` (a synthesizer splitting its odd channels), the odd channels' dry sound overwrites
    /// the start of `echoed` instead of joining the rest.
    func render(
        frames: Int, into buffer: UnsafeMutableBufferPointer<Float>, echoed: UnsafeMutableBufferPointer<Float>? = nil
    ) throws {
        if let echoed {
            try renderSplit(frames: frames, into: buffer, echoed: echoed)
            return
        }
        precondition(buffer.count >= frames * 2, "render buffer too small")
        guard frames > 0, let base = buffer.baseAddress else { return }
        let status = fluid_synth_write_float(synth, Int32(frames), base, 0, 2, base, 1, 2)
        guard status == st_fluid_ok() else {
            throw RenderingError.synthesisFailed(reason: "fluid_synth_write_float failed for \(frames) frames")
        }
    }

    private func renderSplit(
        frames: Int, into buffer: UnsafeMutableBufferPointer<Float>, echoed: UnsafeMutableBufferPointer<Float>
    ) throws {
        precondition(splitsOddChannels, "this synthesizer does not split its odd channels")
        precondition(buffer.count >= frames * 2 && echoed.count >= frames * 2, "render buffer too small")
        guard frames > 0 else { return }
        if planarFrames < frames {
            planar.deallocate()
            planar = .allocate(capacity: 4 * frames)
            planarFrames = frames
        }
        let mainLeft = planar.baseAddress!
        let mainRight = mainLeft + planarFrames
        let oddLeft = mainRight + planarFrames
        let oddRight = oddLeft + planarFrames
        mainLeft.update(repeating: 0, count: frames)
        mainRight.update(repeating: 0, count: frames)
        oddLeft.update(repeating: 0, count: frames)
        oddRight.update(repeating: 0, count: frames)
        let status = st_fluid_process_two_groups(synth, Int32(frames), mainLeft, mainRight, oddLeft, oddRight)
        guard status == st_fluid_ok() else {
            throw RenderingError.synthesisFailed(reason: "fluid_synth_process failed for \(frames) frames")
        }
        for frame in 0..<frames {
            buffer[2 * frame] = mainLeft[frame]
            buffer[2 * frame + 1] = mainRight[frame]
            echoed[2 * frame] = oddLeft[frame]
            echoed[2 * frame + 1] = oddRight[frame]
        }
    }
}
