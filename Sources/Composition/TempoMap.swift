/// Tempo changes over time, and the exact conversion between ticks and seconds.
///
/// Every time in a score is a tick; this map is the only place where ticks become seconds.
public struct TempoMap: Sendable, Equatable {
    public struct Change: Sendable, Equatable, Codable {
        public var tick: Int
        /// Quarter notes per minute from `tick` on.
        public var bpm: Double
        public init(tick: Int, bpm: Double) {
            self.tick = tick
            self.bpm = bpm
        }
    }

    /// Ticks per quarter note.
    public let ticksPerQuarter: Int
    /// Sorted by tick; the first is at tick 0.
    public private(set) var changes: [Change]
    /// Seconds at which each change starts, parallel to `changes`.
    private var changeSeconds: [Double]

    public init(ticksPerQuarter: Int = 480, changes: [Change]) {
        precondition(!changes.isEmpty && changes[0].tick == 0, "a tempo map starts at tick 0")
        self.ticksPerQuarter = ticksPerQuarter
        self.changes = changes.sorted { $0.tick < $1.tick }
        self.changeSeconds = []
        var seconds = 0.0
        for (index, change) in self.changes.enumerated() {
            if index > 0 {
                let previous = self.changes[index - 1]
                seconds += Double(change.tick - previous.tick) * Self.secondsPerTick(previous.bpm, ticksPerQuarter)
            }
            changeSeconds.append(seconds)
        }
    }

    public init(ticksPerQuarter: Int = 480, bpm: Double) {
        self.init(ticksPerQuarter: ticksPerQuarter, changes: [Change(tick: 0, bpm: bpm)])
    }

    /// Microseconds per quarter note, as a MIDI tempo event carries it.
    public static func microsecondsPerQuarter(bpm: Double) -> Int {
        Int((60_000_000.0 / bpm).rounded())
    }

    private static func secondsPerTick(_ bpm: Double, _ ticksPerQuarter: Int) -> Double {
        // Use the tempo as MIDI stores it (whole microseconds), so that files read back to the same times.
        Double(microsecondsPerQuarter(bpm: bpm)) / 1_000_000.0 / Double(ticksPerQuarter)
    }

    private func changeIndex(forTick tick: Int) -> Int {
        var low = 0
        var high = changes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if changes[middle].tick <= tick { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Seconds from the first video frame at which `tick` sounds.
    public func seconds(atTick tick: Int) -> Double {
        let index = changeIndex(forTick: tick)
        let change = changes[index]
        return changeSeconds[index] + Double(tick - change.tick) * Self.secondsPerTick(change.bpm, ticksPerQuarter)
    }

    /// The tick sounding at `seconds` (rounded to the nearest tick).
    public func tick(atSeconds seconds: Double) -> Int {
        var index = changeSeconds.count - 1
        while index > 0 && changeSeconds[index] > seconds { index -= 1 }
        let change = changes[index]
        let offset = (seconds - changeSeconds[index]) / Self.secondsPerTick(change.bpm, ticksPerQuarter)
        return change.tick + Int(offset.rounded())
    }

    /// Tempo in force at `tick`.
    public func bpm(atTick tick: Int) -> Double {
        changes[changeIndex(forTick: tick)].bpm
    }
}
