import Analysis
import Composition
import Foundation

/// The JSON report of a finished job. Times are seconds from the first video frame.
///
/// `schemaVersion` changes when a key is renamed or removed or its meaning changes (adding keys
/// does not change it), so that scripts can tell which reports they understand.
public struct Report: Codable, Sendable {
    /// The layout of this report.
    /// Version 3 added `media`, `loudness` and `music.tracks` (the pictures a report draws).
    public static let currentSchemaVersion = 3
    public struct MoodValues: Codable, Sendable {
        public var valence: Double
        public var arousal: Double
        public var tension: Double
        public var pace: Double
        public var density: Double

        init(_ mood: Mood) {
            valence = mood.valence
            arousal = mood.arousal
            tension = mood.tension
            pace = mood.pace
            density = mood.density
        }
    }

    public struct SceneEntry: Codable, Sendable {
        public var start: Double
        public var end: Double
        public var mood: MoodValues
        public var features: SceneFeatures?
    }

    public struct TempoPoint: Codable, Sendable {
        public var time: Double
        public var bpm: Double
    }

    public struct SectionEntry: Codable, Sendable {
        public var start: Double
        public var end: Double
        public var bars: Int
        public var bpm: Double
        public var key: String
        /// How intensely the section plays (0 bare ... 1 full), the style's level (0-4) and its
        /// part in the piece (intro, calm, groove, build, breakdown, peak, ending, ...).
        public var intensity: Double
        public var level: Int
        public var character: String
    }

    public struct Music: Codable, Sendable {
        public var style: String
        public var key: String
        public var seed: UInt64
        public var tempoMap: [TempoPoint]
        public var sections: [SectionEntry]
        public var soundFont: String
        /// Every note of the score, per instrument (what the MIDI file holds, in seconds).
        public var tracks: [TrackEntry]? = nil
    }

    public struct Audio: Codable, Sendable {
        public var mode: String
        public var lufs: Double
        public var truePeak: Double
        public var target: Double
        public var codec: String
        /// Gain in dB the original sound got in a `mix` (0 unless the target could not be met
        /// with the original untouched); absent when the original is not in the soundtrack.
        public var originalGain: Double? = nil
    }

    /// What a job was asked for: the command-line options (or the watch folder's settings) that
    /// shape the result, so that a report is enough to make the same file again.
    public struct Options: Codable, Sendable {
        public var output: String?
        public var style: String?
        public var prompt: String?
        public var seed: UInt64?
        public var tempo: Double?
        public var key: String?
        public var audio: String?
        public var lufs: Double?
        public var midi: String?
        public var report: String?
        public var soundFont: String?
        public var stems: String?
        public var force: Bool?

        init(prompt: String?) {
            self.prompt = prompt
        }

        init(_ options: JobOptions) {
            output = options.output
            style = options.style
            prompt = options.prompt
            seed = options.seed
            tempo = options.tempo
            key = options.key
            audio = options.audioMode.rawValue
            lufs = options.lufs
            midi = options.midiPath
            report = options.reportPath
            soundFont = options.soundFont
            stems = options.stemsPath
            force = options.force
        }
    }

    /// The soundtrack release that wrote the report.
    public var version = ToolVersion.string
    public var schemaVersion = Report.currentSchemaVersion
    public var options: Options?
    public var input: String
    public var output: String?
    public var duration: Double
    public var cuts: [Double]
    public var scenes: [SceneEntry]
    /// Motion-onset peaks, seconds.
    public var visualBeats: [Double]?
    /// Where the original sound holds speech.
    public var speechRegions: [TimeRegion]?
    /// Styles and instruments named by the prompt or the subtitles.
    public var hints: [String]?
    public var music: Music?
    public var audio: Audio?
    /// The input's and the output's containers and streams.
    public var media: Media?
    /// Short-term loudness over time of the original, the music and the delivered track.
    public var loudness: LoudnessCurves?
    public var timings: [String: Double]

    /// The analysis part, as `soundtrack analyze` prints it.
    init(input: String, analysis: AnalysisResult, includeFeatures: Bool) {
        self.input = input
        duration = analysis.duration
        cuts = analysis.cuts
        visualBeats = analysis.visualBeats
        speechRegions = analysis.speechRegions
        hints = analysis.hints
        scenes = analysis.scenes.map {
            SceneEntry(start: $0.start, end: $0.end, mood: MoodValues($0.mood), features: includeFeatures ? $0.features : nil)
        }
        timings = [:]
    }
}

extension Report.Music {
    init(score: Score, seed: UInt64, soundFont: String) {
        let first = score.sections.first
        self.init(
            style: score.style, key: first?.key ?? "C major", seed: seed,
            tempoMap: score.tempoMap.changes.map {
                Report.TempoPoint(time: score.tempoMap.seconds(atTick: $0.tick), bpm: $0.bpm)
            },
            // A section runs from the time its first downbeat sounds in the score (within a
            // sample of its cut) to the next one's.
            sections: score.sections.enumerated().map { index, section in
                let next = index + 1 < score.sections.count ? score.sections[index + 1] : nil
                return Report.SectionEntry(
                    start: score.tempoMap.seconds(atTick: section.startTick),
                    end: next.map { score.tempoMap.seconds(atTick: $0.startTick) } ?? section.end, bars: section.bars,
                    bpm: section.bpm, key: section.key, intensity: section.intensity, level: section.level,
                    character: section.character)
            },
            soundFont: soundFont, tracks: score.tracks.map { Report.TrackEntry($0, tempoMap: score.tempoMap) })
    }
}

extension Report {
    /// Pretty, key-sorted JSON, with figures rounded to what they mean (see `rounded()`).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(rounded())
    }
}
