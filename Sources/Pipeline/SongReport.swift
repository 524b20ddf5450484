import Composition
import Foundation

/// What was found in a song, as `soundtrack analyze song.mid` prints it and a re-styled song's
/// `--report` carries it: every time in seconds from the song's start (and in bars, counted from 1).
public struct SongReport: Codable, Sendable {
    public struct TempoPoint: Codable, Sendable { var time: Double; var bpm: Double }
    public struct MeterPoint: Codable, Sendable { var time: Double; var bar: Int; var meter: String }
    public struct KeyEntry: Codable, Sendable { var name: String; var confidence: Double }
    public struct ChordEntry: Codable, Sendable {
        var start: Double
        var end: Double
        var bar: Int
        var chord: String
        var confidence: Double
    }
    public struct SectionEntry: Codable, Sendable {
        var start: Double
        var end: Double
        var firstBar: Int
        var bars: Int
        var label: String
        var intensity: Double
    }
    public struct PartEntry: Codable, Sendable {
        var number: Int
        var name: String
        var track: Int
        var channel: Int
        var program: Int
        var notes: Int
        var drums: Bool
    }
    public struct MelodyNote: Codable, Sendable { var time: Double; var duration: Double; var pitch: Int }
    public struct Melody: Codable, Sendable {
        /// The part's number in `parts`.
        var part: Int?
        var notes: [MelodyNote]
    }

    public var input: String
    public var duration: Double
    public var format: Int
    public var ticksPerQuarter: Int
    public var bars: Int
    public var tempoMap: [TempoPoint]
    public var meters: [MeterPoint]
    public var key: KeyEntry
    public var chords: [ChordEntry]
    public var sections: [SectionEntry]
    public var parts: [PartEntry]
    public var melody: Melody
    /// Set in a re-styled song's report: what was written, in which style, and how it sounds.
    public var output: String?
    public var music: Report.Music?
    public var audio: Report.Audio?
    public var timings: [String: Double]?

    public init(input: String, analysis: SongAnalysis) {
        let song = analysis.song
        let tempo = song.tempoMap
        func time(_ tick: Int) -> Double { Self.rounded(tempo.seconds(atTick: tick)) }
        func bar(_ tick: Int) -> Int { SongAnalyzer.barIndex(containing: tick, in: analysis.bars) + 1 }
        self.input = input
        duration = time(analysis.bars.last?.endTick ?? 0)
        format = song.format
        ticksPerQuarter = song.sourceTicksPerQuarter
        bars = analysis.bars.count
        tempoMap = tempo.changes.map { TempoPoint(time: time($0.tick), bpm: Self.rounded($0.bpm)) }
        meters = song.meters.map { MeterPoint(time: time($0.tick), bar: bar($0.tick), meter: "\($0.numerator)/\($0.denominator)") }
        key = KeyEntry(name: analysis.key.name, confidence: Self.rounded(analysis.key.confidence))
        chords = analysis.chords.map {
            ChordEntry(start: time($0.startTick), end: time($0.endTick), bar: bar($0.startTick), chord: $0.name(in: analysis.key), confidence: $0.confidence)
        }
        sections = analysis.sections.map {
            let first = analysis.bars[$0.firstBar]
            let last = analysis.bars[$0.firstBar + $0.barCount - 1]
            return SectionEntry(
                start: time(first.startTick), end: time(last.endTick), firstBar: $0.firstBar + 1, bars: $0.barCount,
                label: $0.label, intensity: $0.intensity)
        }
        parts = song.parts.enumerated().map { index, part in
            PartEntry(
                number: index + 1, name: part.name, track: part.track, channel: part.channel + 1, program: part.program,
                notes: part.notes.count, drums: part.isDrums)
        }
        melody = Melody(
            part: analysis.melodyPart.map { $0 + 1 },
            notes: analysis.melody.map {
                MelodyNote(
                    time: time($0.startTick),
                    duration: Self.rounded(tempo.seconds(atTick: $0.endTick) - tempo.seconds(atTick: $0.startTick)),
                    pitch: $0.pitch)
            })
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
