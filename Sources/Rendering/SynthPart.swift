import Composition

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
    /// The delay on the tracks that echo, when the schedule has one, and their dry sound's chunk.
    private let echo: EchoLine?
    private var dry = UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)

    /// `tempoMap` and `sampleRate` time the schedule's echo, if it has one; the synthesizer
    /// must then split its odd channels, where the tracks that echo play.
    init(synthesizer: Synthesizer, schedule: EventSchedule, tempoMap: TempoMap, sampleRate: Int) throws {
        precondition(synthesizer.splitsOddChannels == (schedule.echo != nil), "a delay needs its own channels")
        self.synthesizer = synthesizer
        self.events = schedule.events
        echo = schedule.echo.map { EchoLine(echo: $0, tempoMap: tempoMap, sampleRate: sampleRate) }
        for setup in schedule.channels {
            try synthesizer.configure(
                channel: setup.channel, program: setup.program, drums: setup.drums, reverb: setup.reverb,
                volume: setup.volume)
        }
    }

    deinit {
        dry.deallocate()
    }

    /// Renders the next `frames` frames (interleaved stereo) into the start of `buffer`.
    func render(frames: Int, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        if echo != nil && dry.count < frames * 2 {
            dry.deallocate()
            dry = .allocate(capacity: frames * 2)
        }
        let end = position + frames
        var written = 0
        while position < end {
            sendEvents(dueAt: position)
            let nextFrame = nextEvent < events.count ? events[nextEvent].frame : Int.max
            let stretch = min(end, nextFrame) - position
            let slice = UnsafeMutableBufferPointer(rebasing: buffer[(written * 2)...])
            let drySlice = echo == nil ? nil : UnsafeMutableBufferPointer(rebasing: dry[(written * 2)...])
            try synthesizer.render(frames: stretch, into: slice, echoed: drySlice)
            written += stretch
            position += stretch
        }
        echo?.add(UnsafeBufferPointer(rebasing: dry[0..<(frames * 2)]), into: buffer)
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
