import MediaIO
import Rendering
import Testing

@testable import Pipeline

@Suite("Stage chain: errors carry the documented exit codes")
struct PipelineErrorTests {
    @Test("An FFmpeg without the encoder an output needs: exit 69, one line naming the encoder and the output")
    func missingEncoder() {
        let error = PipelineError.wrap(MediaError.encoderMissing(name: "MP3 (libmp3lame)", path: "song.mp3"))
        #expect(error.exitCode == 69)
        #expect(error.description.hasPrefix("song.mp3: "))
        #expect(error.description.contains("libmp3lame"))
        #expect(!error.description.contains("\n"))
    }
}

@Suite("Stage chain: one error type carries the stage and the exit code")
struct StagedErrorTests {
    @Test("A module's error, wrapped in a stage, keeps its exit code and message and says the stage")
    func stageIsCarried() {
        let missing = PipelineError.wrap(MediaError.inputMissing(path: "a.mp4"), stage: .analyse)
        #expect(missing.stage == .analyse)
        #expect(missing.exitCode == 66)
        #expect(missing.description == MediaError.inputMissing(path: "a.mp4").description)
        guard case .media(.inputMissing) = missing.cause else {
            Issue.record("the cause is lost: \(missing.cause)")
            return
        }
        // A stage once given is not replaced by a later one.
        #expect(PipelineError.wrap(missing, stage: .write).stage == .analyse)
    }

    @Test("No SoundFont is this machine's set-up: exit 69, not 70")
    func missingSoundFont() {
        let error = PipelineError.wrap(RenderingError.noSoundFont(searched: ["/usr/share/sounds/sf2"]), stage: .render)
        #expect(error.exitCode == 69)
        #expect(error.stage == .render)
    }

    @Test("Options are checked in one place: style names, the loudness range, tempo and key")
    func requestValidation() {
        #expect(JobOptions.problem(style: "folk") == nil)
        #expect(JobOptions.problem(style: "polka")?.hasPrefix("unknown style \"polka\"") == true)
        #expect(JobOptions.problem(lufs: -23) == nil)
        #expect(JobOptions.problem(lufs: -3, name: "--lufs") == "--lufs must be between -40 and -5 (got -3.0)")
        #expect(JobOptions.problem(tempo: 300) != nil)
        #expect(JobOptions.problem(key: "H minor") != nil)
        var options = JobOptions(input: "a.mp4")
        #expect(options.problem == nil)
        options.lufs = -50
        #expect(throws: PipelineError.self) { try options.validate() }
    }
}
