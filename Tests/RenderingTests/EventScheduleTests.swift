import Composition
import Testing

@testable import Rendering

@Suite struct EventScheduleTests {
    /// 120 bpm at 480 ticks per quarter: one tick is 50 frames at 48 kHz.
    let tempoMap = TempoMap(ticksPerQuarter: 480, bpm: 120)

    func schedule(_ tracks: [Track], totalFrames: Int = 480_000, blockFrames: Int = 64) -> EventSchedule {
        EventSchedule(
            tracks: tracks, tempoMap: tempoMap, sampleRate: 48000, totalFrames: totalFrames, blockFrames: blockFrames)
    }

    @Test func eventsLandOnTheBlockGridNearTheirExactFrame() {
        let notes = (0..<50).map { Note(startTick: $0 * 37 + 3, durationTicks: 100, pitch: 40 + $0, velocity: 90) }
        let result = schedule([Track(name: "t", program: 0, channel: 0, notes: notes)])
        for note in notes {
            let exact = Int((tempoMap.seconds(atTick: note.startTick) * 48000).rounded())
            let on = result.events.first { $0.kind == .noteOn && $0.pitch == note.pitch }
            #expect(on.map { $0.frame % 64 == 0 && abs($0.frame - exact) <= 32 } == true)
        }
    }

    @Test func exactPlacementWithoutAGrid() {
        let note = Note(startTick: 7, durationTicks: 3, pitch: 60, velocity: 90)
        let result = schedule([Track(name: "t", program: 0, channel: 0, notes: [note])], blockFrames: 1)
        #expect(result.events.map(\.frame) == [350, 500])
    }

    @Test func noteOffComesBeforeNoteOnAtTheSameFrame() {
        let notes = [
            Note(startTick: 0, durationTicks: 480, pitch: 60, velocity: 90),
            Note(startTick: 480, durationTicks: 480, pitch: 62, velocity: 90),
        ]
        let result = schedule([Track(name: "t", program: 0, channel: 0, notes: notes)])
        let atBeat = result.events.filter { $0.frame == 24000 }
        #expect(atBeat.map(\.kind) == [.noteOff, .noteOn])
        #expect(result.events == result.events.sorted { ($0.frame, $0.kind) < ($1.frame, $1.kind) })
    }

    @Test func repeatedPitchCutsThePreviousNoteShort() {
        // Overlapping notes of one pitch: a note-off of the first must not silence the second.
        let notes = [
            Note(startTick: 0, durationTicks: 960, pitch: 60, velocity: 90),
            Note(startTick: 480, durationTicks: 960, pitch: 60, velocity: 80),
        ]
        let result = schedule([Track(name: "t", program: 0, channel: 0, notes: notes)])
        #expect(result.events.map(\.kind) == [.noteOn, .noteOff, .noteOn, .noteOff])
        #expect(result.events.map(\.frame) == [0, 24000, 24000, 72000])
    }

    @Test func veryShortNotesStillEndAfterTheyStart() {
        let notes = [Note(startTick: 100, durationTicks: 0, pitch: 38, velocity: 100)]
        let result = schedule([Track(name: "d", program: 0, channel: 9, notes: notes)])
        #expect(result.events.count == 2)
        #expect(result.events[1].frame - result.events[0].frame >= 64)
    }

    @Test func eventsAtOrAfterTheEndAreDropped() {
        let notes = [
            Note(startTick: 0, durationTicks: 9600, pitch: 60, velocity: 90),  // ends after the score
            Note(startTick: 4800, durationTicks: 100, pitch: 62, velocity: 90),  // starts after it
        ]
        let result = schedule([Track(name: "t", program: 0, channel: 0, notes: notes)], totalFrames: 96000)
        #expect(result.events.map(\.kind) == [.noteOn])
    }

    @Test func unplayableNotesAreSkipped() {
        let notes = [
            Note(startTick: 0, durationTicks: 100, pitch: 128, velocity: 90),
            Note(startTick: 0, durationTicks: 100, pitch: 60, velocity: 0),
            Note(startTick: 0, durationTicks: 100, pitch: 61, velocity: 300),
        ]
        let result = schedule([Track(name: "t", program: 0, channel: 0, notes: notes)])
        #expect(result.events.count == 2)
        #expect(result.events.first?.velocity == 127)
    }

    @Test func everyTrackGetsItsOwnChannel() {
        let tracks = [
            Track(name: "a", program: 40, channel: 3, reverb: 10),
            Track(name: "b", program: 41, channel: 3, reverb: 90),
            Track(name: "drums", program: 0, channel: 9, reverb: 30),
        ]
        let result = schedule(tracks)
        #expect(result.channels.map(\.channel) == [0, 1, 2])
        #expect(result.channels.map(\.program) == [40, 41, 0])
        #expect(result.channels.map(\.drums) == [false, false, true])
        #expect(result.channels.map(\.reverb) == [10, 90, 30])
    }

    @Test func splittingKeepsEveryEventAndBalancesTheWork() {
        let chords = (0..<40).flatMap { bar in
            [60, 64, 67, 71].map { Note(startTick: bar * 1920, durationTicks: 1900, pitch: $0, velocity: 70) }
        }
        let drums = (0..<160).flatMap { beat in
            [36, 42].map { Note(startTick: beat * 480, durationTicks: 60, pitch: $0, velocity: 100) }
        }
        let whole = schedule(
            [
                Track(name: "pad", program: 48, channel: 0, notes: chords),
                Track(name: "drums", program: 0, channel: 9, notes: drums),
            ], totalFrames: 48000 * 45)
        let shares = whole.split(into: 2, releaseAllowanceFrames: 12000)
        #expect(shares.count == 2)
        #expect(shares.allSatisfy { $0.channels == whole.channels })
        #expect(shares.flatMap(\.events).count == whole.events.count)
        // The single pad track is shared out by pitch, the drum channel stays whole.
        #expect(shares.allSatisfy { share in share.events.contains { $0.channel == 0 } })
        #expect(shares.filter { share in share.events.contains { $0.channel == 1 } }.count == 1)
        for share in shares {
            #expect(share.events == share.events.sorted { ($0.frame, $0.kind) < ($1.frame, $1.kind) })
            let pitches = Set(share.events.filter { $0.channel == 0 }.map(\.pitch))
            let elsewhere = shares.filter { $0 != share }.flatMap(\.events).filter { $0.channel == 0 }
            #expect(elsewhere.allSatisfy { !pitches.contains($0.pitch) })
        }
        #expect(whole.split(into: 2, releaseAllowanceFrames: 12000) == shares)
        #expect(whole.split(into: 1, releaseAllowanceFrames: 12000) == [whole])
    }
}
