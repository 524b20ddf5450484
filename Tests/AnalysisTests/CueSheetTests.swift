import Testing

@testable import Analysis

/// Cue sheets: times, text and JSON forms, every way one can be wrong, and the scenes they give.
@Suite("Cue sheets")
struct CueSheetTests {
    static func sheet(_ text: String, format: CueSheet.Format = .text) throws(CueSheetError) -> CueSheet {
        try CueSheet(bytes: Array(text.utf8), format: format)
    }

    static func error(_ text: String, format: CueSheet.Format = .text) -> CueSheetError? {
        error(bytes: Array(text.utf8), format: format)
    }

    static func error(bytes: [UInt8], format: CueSheet.Format = .text) -> CueSheetError? {
        do {
            _ = try CueSheet(bytes: bytes, format: format)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("0:00", 0.0), ("0:42", 42), ("1:30", 90), ("12:05", 725), ("90:00", 5400), ("1:02:03", 3723),
        ("0:05.25", 5.25), ("1:00:00.5", 3600.5), ("0:7", 7),
    ])
    func timesAreRead(text: String, seconds: Double) {
        #expect(CueTime.seconds(Substring(text)) == seconds)
    }

    @Test(arguments: [
        "42", "0:75", "1:2:03", "1:", ":30", "1:30.", "1:30.x", "1234567:00", "a:00", "-1:00", "1:00:60",
        "0:42:00:00", "١:٣٠",
    ])
    func badTimesAreNot(text: String) {
        #expect(CueTime.seconds(Substring(text)) == nil)
    }

    @Test func timesAreWrittenBack() {
        #expect(CueTime.text(90) == "1:30")
        #expect(CueTime.text(3723.5) == "1:02:03.5")
        #expect(CueTime.text(5.25) == "0:05.25")
    }

    @Test func textSheetWithCommentsBlankLinesAndSeparators() throws {
        let text =
            "\u{FEFF}# The harbour film\r\n\r\n0:00 calm dawn over the harbour\r\n"
            + "  0:42 - chase through the market  \n0:59.5 | a brief rest\n1:00:00\ttriumph\n"
        let sheet = try Self.sheet(text)
        #expect(
            sheet.cues == [
                CueSheet.Cue(seconds: 0, text: "calm dawn over the harbour", line: 3),
                CueSheet.Cue(seconds: 42, text: "chase through the market", line: 4),
                CueSheet.Cue(seconds: 59.5, text: "a brief rest", line: 5),
                CueSheet.Cue(seconds: 3600, text: "triumph", line: 6),
            ])
        #expect(sheet.defaultDuration == 3630)
    }

    @Test func jsonSheetTakesStringsOrSeconds() throws {
        let json =
            #"[{"time": "0:00", "text": "calm dawn"}, {"time": 42.5, "text": "chase"}, {"text": "triumph", "time": "1:30"}]"#
        let sheet = try Self.sheet(json, format: .json)
        #expect(sheet.cues.map(\.seconds) == [0, 42.5, 90])
        #expect(sheet.cues.map(\.text) == ["calm dawn", "chase", "triumph"])
        #expect(sheet.cues.map(\.line) == [1, 2, 3])
    }

    @Test func everyWrongSheetGetsItsOwnError() {
        #expect(Self.error("") == .empty)
        #expect(Self.error("# only a comment\n\n   \n") == .empty)
        #expect(Self.error("0:00 calm\n0:42 chase\n0:30 triumph\n") == .outOfOrder(line: 3, seconds: 30, previous: 42))
        #expect(Self.error("0:00 calm\n0:00 again\n") == .outOfOrder(line: 2, seconds: 0, previous: 0))
        #expect(
            Self.error("0:00 calm\nchase through the market\n")
                == .missingTime(line: 2, text: "chase through the market"))
        #expect(Self.error("0:00 calm\n0:42   \n") == .noWords(line: 2))
        #expect(Self.error("0:00 calm\n0:42 -\n") == .noWords(line: 2))
        #expect(Self.error("0:00 calm\n3:00:00 the end\n") == .tooLate(line: 2, seconds: 10800))
        #expect(Self.error(bytes: Array("0:00 calm\n0:42 caf".utf8) + [0xE9, 0x0A]) == .notUTF8(line: 2))
        #expect(Self.error(bytes: [0xFF, 0xFE, 0x30, 0x00]) == .notUTF8(line: 1))
    }

    @Test func wrongJSONSaysWhere() {
        func reason(_ json: String) -> String {
            guard case .badJSON(let reason) = Self.error(json, format: .json) else { return "no JSON error" }
            return reason
        }
        #expect(reason("{not json") == "it is not valid JSON")
        #expect(reason(#"{"time": "0:00", "text": "calm"}"#) == "the top level has the wrong type")
        #expect(reason(#"[{"time": "0:00", "text": "calm"}, {"time": "0:42"}]"#) == #"cue 2 has no "text""#)
        #expect(reason(#"[{"time": "0:00", "txt": "calm"}]"#).hasPrefix(#"unknown key "txt""#))
        #expect(reason(#"[{"time": -3, "text": "calm"}]"#).hasPrefix("cue 1 has a time"))
        #expect(reason(#"[{"time": "soon", "text": "calm"}]"#).hasPrefix("cue 1 has a time"))
        #expect(Self.error("[]", format: .json) == .empty)
        #expect(
            Self.error(#"[{"time": 5, "text": "a"}, {"time": 2, "text": "b"}]"#, format: .json)
                == .outOfOrder(line: 2, seconds: 2, previous: 5))
    }

    /// A runaway file costs bounded time and memory: the size is checked before anything is
    /// decoded, and the cues are counted as they are read.
    @Test func hugeSheetsAreRefusedEarly() {
        let million = [UInt8](repeating: 0x0A, count: 1_000_000)  // a million blank lines, under the size cap
        #expect(Self.error(bytes: million) == .empty)
        var lines = ""
        for index in 0..<1_000_000 { lines += "\(index / 60):\(index % 60 < 10 ? "0" : "")\(index % 60) x\n" }
        #expect(Self.error(lines) == .tooLarge(bytes: lines.utf8.count))
        let many = (0...CueSheet.maximumCues).map { "\($0 / 60):\($0 % 60 < 10 ? "0" : "")\($0 % 60) x" }
        #expect(Self.error(many.joined(separator: "\n")) == .tooManyCues)
        let json =
            "[" + (0...CueSheet.maximumCues).map { #"{"time": \#($0), "text": "x"}"# }.joined(separator: ",") + "]"
        #expect(Self.error(json, format: .json) == .tooManyCues)
    }

    @Test func errorsReadAsOneLine() {
        let errors: [CueSheetError] = [
            .empty, .notUTF8(line: 2), .tooLarge(bytes: 2_000_000), .tooManyCues,
            .missingTime(line: 4, text: String(repeating: "chase ", count: 30)),
            .outOfOrder(line: 3, seconds: 30, previous: 42),
            .noWords(line: 2), .tooLate(line: 9, seconds: 11000), .badJSON("it is not valid JSON"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n") && error.description.count < 200, "\(error)")
        }
        #expect(CueSheetError.outOfOrder(line: 3, seconds: 30, previous: 42).description.contains("0:30"))
    }

    @Test func eachCueIsACutWithItsOwnMood() throws {
        let sheet = try Self.sheet("0:00 calm dawn over the harbour\n0:42 chase through the market\n1:30 triumph\n")
        let analysis = AnalysisResult(cues: sheet, duration: 120)
        #expect(analysis.cuts == [42, 90])
        #expect(analysis.scenes.map(\.start) == [0, 42, 90])
        #expect(analysis.scenes.map(\.end) == [42, 90, 120])
        let moods = analysis.scenes.map(\.mood)
        #expect(moods[0].arousal < moods[1].arousal, "\(moods)")
        #expect(moods[1].valence < moods[2].valence, "\(moods)")
        #expect(moods[0].pace < moods[1].pace)
        #expect(analysis.originalAudioSilent)
    }

    @Test func aLateFirstCueGetsALeadInAndLateCuesAreDropped() throws {
        let sheet = try Self.sheet("0:05 furious chase\n0:40 calm\n2:00 triumph\n")
        let analysis = AnalysisResult(cues: sheet, duration: 60)
        #expect(analysis.cuts == [5, 40])
        #expect(analysis.scenes.count == 3)
        #expect(analysis.scenes[0].mood.arousal < analysis.scenes[1].mood.arousal)
        #expect(analysis.scenes[0].mood.valence == analysis.scenes[1].mood.valence)
    }

    @Test func aPromptIsOneSceneWithItsHints() {
        let analysis = AnalysisResult(prompt: "a rainy walk home after the funeral, solo piano", duration: 90)
        #expect(analysis.cuts.isEmpty && analysis.scenes.count == 1)
        #expect(analysis.scenes[0].end == 90)
        #expect(analysis.scenes[0].mood.valence < -0.2 && analysis.scenes[0].mood.arousal < 0)
        #expect(analysis.hints == ["piano"])
        #expect(AnalysisResult(prompt: "xyzzy", duration: 10).scenes[0].mood == .neutral)
    }
}
