import Composition

/// The channel set-up and the note events of some tracks, each event placed on an output frame.
///
/// Every track gets a synthesizer channel of its own, so that program and reverb send are
/// per track even when two tracks of the score share a MIDI channel. Event frames are rounded to
/// the synthesizer's block grid (FluidSynth applies events only between 64-frame blocks), which
/// places every note within half a block (0.67 ms at 48 kHz) of its exact time, with no drift.
struct EventSchedule: Equatable {
    struct ChannelSetup: Equatable {
        var channel: Int
        var program: Int
        var drums: Bool
        var reverb: Int
        var volume: Int
    }

    struct Event: Equatable {
        enum Kind: Int, Comparable {
            // Raw values order events on the same frame: controllers (a pedal lifted, an
            // expression level) first, then a release, then a new attack.
            case control = 0
            case noteOff = 1
            case noteOn = 2

            static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
        }

        var frame: Int
        var kind: Kind
        var channel: Int
        /// The note, or for `control` the controller number.
        var pitch: Int
        /// The note's velocity, or for `control` the controller's value.
        var velocity: Int
    }

    var channels: [ChannelSetup]
    /// The delay on the tracks that have one (`Track.echo`; they share the first one's): those
    /// tracks play on the odd channels, every other track on the even ones, and their
    /// `Note.isEcho` notes are left to the delay. Nil when no track has one (the channels are
    /// then numbered in the tracks' order), and in a share of `split` that plays none of them.
    var echo: Echo?
    /// Length of the rendering in frames.
    var totalFrames: Int
    /// Sorted by frame; on the same frame note-offs come first, then by channel and pitch.
    var events: [Event]

    /// - Parameters:
    ///   - totalFrames: length of the rendering; events at or after it are dropped.
    ///   - blockFrames: the grid events are rounded to (1 places them on the exact frame).
    init(tracks: [Track], tempoMap: TempoMap, sampleRate: Int, totalFrames: Int, blockFrames: Int) {
        channels = []
        events = []
        self.totalFrames = totalFrames
        echo = tracks.lazy.compactMap(\.echo).first
        for (index, track) in tracks.enumerated() {
            let channel = echo == nil ? index : 2 * index + (track.echo == nil ? 0 : 1)
            channels.append(
                ChannelSetup(
                    channel: channel, program: track.program, drums: track.isDrums, reverb: track.reverb,
                    volume: track.volume))
            let frameOf = { (tick: Int) -> Int in
                let exact = Int((tempoMap.seconds(atTick: tick) * Double(sampleRate)).rounded())
                return Self.roundToGrid(exact, blockFrames: blockFrames)
            }
            events += Self.noteEvents(
                for: track, channel: channel, totalFrames: totalFrames, blockFrames: blockFrames, frameOf: frameOf)
            events += track.controls.compactMap { control in
                let frame = frameOf(control.tick)
                guard frame < totalFrames else { return nil }
                return Event(
                    frame: frame, kind: .control, channel: channel, pitch: min(max(control.controller, 0), 127),
                    velocity: min(max(control.value, 0), 127))
            }
        }
        // A total order, so that the same score always gives the same bytes. Controllers keep
        // the score's order on one frame (a stable sort), so a pedal lifted and pressed again
        // on the same tick is lifted first.
        events = events.enumerated().sorted {
            ($0.element.frame, $0.element.kind, $0.element.channel, $0.element.pitch, $0.offset)
                < ($1.element.frame, $1.element.kind, $1.element.channel, $1.element.pitch, $1.offset)
        }.map(\.element)
    }

    /// The nearest multiple of `blockFrames`, never negative.
    static func roundToGrid(_ frame: Int, blockFrames: Int) -> Int {
        max(0, (frame + blockFrames / 2) / blockFrames * blockFrames)
    }

    /// The notes a synthesizer strikes: for a track with a delay, each note that its repeats cut
    /// short in the score rings on to where its last repeat ends (as the MIDI file's last repeat
    /// held it), and the repeats are left to the delay.
    static func struck(_ track: Track) -> [Note] {
        guard track.echo != nil else { return track.notes }
        var notes: [Note] = []
        var lastOfPitch: [Int: Int] = [:]
        for note in track.notes.sorted(by: { $0.startTick < $1.startTick }) {
            if note.isEcho {
                if let index = lastOfPitch[note.pitch] {
                    notes[index].durationTicks = max(notes[index].durationTicks, note.endTick - notes[index].startTick)
                }
            } else {
                lastOfPitch[note.pitch] = notes.count
                notes.append(note)
            }
        }
        return notes
    }

    /// Note-on and note-off events of one track on one channel.
    ///
    /// Notes of one pitch are made not to overlap (a repeated note cuts the previous one short),
    /// because a MIDI note-off releases every sounding voice of that pitch; every note lasts at
    /// least one block so that its note-off never lands before its note-on.
    private static func noteEvents(
        for track: Track, channel: Int, totalFrames: Int, blockFrames: Int, frameOf: (Int) -> Int
    ) -> [Event] {
        var byPitch: [Int: [(on: Int, off: Int, velocity: Int)]] = [:]
        for note in struck(track) where (0...127).contains(note.pitch) && note.velocity > 0 {
            let on = frameOf(note.startTick)
            guard on < totalFrames else { continue }
            let off = max(frameOf(note.endTick), on + blockFrames)
            byPitch[note.pitch, default: []].append((on, off, min(note.velocity, 127)))
        }
        var events: [Event] = []
        for (pitch, notes) in byPitch {
            let sorted = notes.sorted { ($0.on, $1.off) < ($1.on, $0.off) }
            var previousOn = -1
            for (index, note) in sorted.enumerated() where note.on != previousOn {
                previousOn = note.on
                let nextOn = sorted[(index + 1)...].first { $0.on != note.on }?.on ?? Int.max
                let off = min(note.off, nextOn)
                events.append(
                    Event(frame: note.on, kind: .noteOn, channel: channel, pitch: pitch, velocity: note.velocity))
                if off < totalFrames {
                    events.append(Event(frame: off, kind: .noteOff, channel: channel, pitch: pitch, velocity: 0))
                }
            }
        }
        return events
    }
}
