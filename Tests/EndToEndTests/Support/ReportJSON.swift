import TestSupport
/// The report and analysis JSON as design.md promises it, decoded by name: a missing or
/// renamed key fails the decode.
struct ReportJSON: Decodable, Sendable {
    struct Mood: Decodable, Sendable {
        var valence: Double
        var arousal: Double
        var tension: Double
        var pace: Double
        var density: Double
    }

    struct Scene: Decodable, Sendable {
        var start: Double
        var end: Double
        var mood: Mood
    }

    struct TempoPoint: Decodable, Sendable {
        var time: Double
        var bpm: Double
    }

    struct Section: Decodable, Sendable {
        var start: Double
        var end: Double
    }

    struct Music: Decodable, Sendable {
        var style: String
        var key: String
        var tempoMap: [TempoPoint]
        var sections: [Section]
    }

    struct Audio: Decodable, Sendable {
        var mode: String
        var lufs: Double
        var truePeak: Double
    }

    var duration: Double
    var cuts: [Double]
    var scenes: [Scene]
    var music: Music?
    var audio: Audio?
    var timings: [String: Double]?
}
