import Composition

extension Report {
    /// One instrument of the score and its notes.
    public struct TrackEntry: Codable, Sendable {
        public var name: String
        /// General MIDI program (the kit on the drum channel).
        public var program: Int
        /// MIDI channel, 0-15; 9 is percussion.
        public var channel: Int
        /// One `[start, duration, pitch, velocity]` per note, in seconds from the first video
        /// frame: four numbers, not an object, because a ten-minute score holds thousands.
        public var notes: [[Double]]

        init(_ track: Track, tempoMap: TempoMap) {
            name = track.name
            program = track.program
            channel = track.channel
            notes = track.notes.map { note in
                let start = tempoMap.seconds(atTick: note.startTick)
                let end = tempoMap.seconds(atTick: note.endTick)
                return [
                    start.rounded(places: 3), (end - start).rounded(places: 3), Double(note.pitch),
                    Double(note.velocity),
                ]
            }
        }

        public var isDrums: Bool { channel == 9 }
    }
}
