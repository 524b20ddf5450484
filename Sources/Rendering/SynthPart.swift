/// A synthesizer playing its share of the score's tracks, one stretch of frames at a time.
///
/// Between two stretches it sends the events due at the boundary, so every event starts on its
/// scheduled frame (which `EventSchedule` put on the synthesizer's block grid).
final class SynthPart {
    private let synthesizer: Synthesizer
    private let events: [EventSchedule.Event]
    private var nextEvent = 0
    /// Frames rendered so far.
    private(set) var position = 0

    init(synthesizer: Synthesizer, schedule: EventSchedule) throws {
        self.synthesizer = synthesizer
        self.events = schedule.events
        for setup in schedule.channels {
            try synthesizer.configure(
                channel: setup.channel, program: setup.program, drums: setup.drums, reverb: setup.reverb,
                volume: setup.volume)
        }
    }

    /// Renders the next `frames` frames (interleaved stereo) into the start of `buffer`.
    func render(frames: Int, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        let end = position + frames
        var written = 0
        while position < end {
            sendEvents(dueAt: position)
            let nextFrame = nextEvent < events.count ? events[nextEvent].frame : Int.max
            let stretch = min(end, nextFrame) - position
            let slice = UnsafeMutableBufferPointer(rebasing: buffer[(written * 2)...])
            try synthesizer.render(frames: stretch, into: slice)
            written += stretch
            position += stretch
        }
    }

    private func sendEvents(dueAt frame: Int) {
        while nextEvent < events.count && events[nextEvent].frame <= frame {
            let event = events[nextEvent]
            switch event.kind {
            case .control:
                synthesizer.control(channel: event.channel, controller: event.pitch, value: event.velocity)
            case .noteOff:
                synthesizer.noteOff(channel: event.channel, pitch: event.pitch)
            case .noteOn:
                synthesizer.noteOn(channel: event.channel, pitch: event.pitch, velocity: event.velocity)
            }
            nextEvent += 1
        }
    }
}
