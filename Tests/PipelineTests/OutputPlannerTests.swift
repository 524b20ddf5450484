import MediaIO
import Testing

@testable import Pipeline

@Suite("Stage chain: output naming and delivery decided once")
struct OutputPlannerTests {
    @Test("A video extension delivers a video in that container", arguments: [
        ("out.mp4", "mp4"), ("out.M4V", "mp4"), ("a/b.mov", "mov"), ("x.mkv", "matroska"), ("y.webm", "webm"),
    ])
    func videoByExtension(path: String, muxer: String) throws {
        guard case .video(let format) = try OutputPlanner.delivery(forPath: path) else {
            Issue.record("\(path) should deliver a video")
            return
        }
        #expect(format.muxer == muxer)
    }

    @Test("An unknown extension is a usage error (exit 64) naming the path")
    func unknownExtension() {
        #expect(throws: PipelineError.self) { try OutputPlanner.delivery(forPath: "notes.txt") }
        do {
            _ = try OutputPlanner.delivery(forPath: "notes.txt")
        } catch {
            #expect(error.exitCode == 64)
            #expect(error.description.hasPrefix("notes.txt: "))
        }
    }

    @Test("Default names: NAME.soundtrack.EXT beside the input, or in the folder given")
    func defaultNames() {
        #expect(OutputPlanner.defaultPath(input: "/v/clip.mp4", format: .mp4, folder: nil) == "/v/clip.soundtrack.mp4")
        #expect(OutputPlanner.defaultPath(input: "clip.avi", format: .matroska, folder: "done") == "done/clip.soundtrack.mkv")
        #expect(OutputPlanner.defaultPath(input: "/v/clip.mp4", format: .mp4, folder: "/o/") == "/o/clip.soundtrack.mp4")
    }

    @Test("Every path is a video input for now")
    func inputKinds() {
        #expect(JobInput.classify(path: "a.mp4") == .video(path: "a.mp4"))
        #expect(JobInput.classify(path: "a.mp4").path == "a.mp4")
    }

    @Test("auto becomes replace over a silent original and mix over a heard one; other modes stay")
    func audioModeResolution() {
        #expect(SoundtrackJob.resolve(.auto, originalSilent: true) == .replace)
        #expect(SoundtrackJob.resolve(.auto, originalSilent: false) == .mix)
        #expect(SoundtrackJob.resolve(.add, originalSilent: true) == .add)
        #expect(MixingStage.reportedGain(2.345) == 2.3)
    }
}

@Suite("Stage chain: audio-only and MIDI deliveries")
struct AudioDeliveryPlanTests {
    @Test("An audio extension delivers an audio file with its codec", arguments: [
        ("a.m4a", "aac"), ("a.WAV", "pcm_s24le"), ("a.flac", "flac"), ("a.opus", "opus"), ("a.mp3", "mp3"),
    ])
    func audioByExtension(path: String, codec: String) throws {
        let delivery = try OutputPlanner.delivery(forPath: path)
        guard case .audio(let format) = delivery else {
            Issue.record("\(path) should deliver an audio file, not \(delivery)")
            return
        }
        #expect(format.codec.rawValue == codec)
        #expect(delivery.rendersMusic)
    }

    @Test(".mid and .midi deliver the score alone, which is not rendered")
    func midiByExtension() throws {
        #expect(try OutputPlanner.delivery(forPath: "score.mid") == .midi)
        #expect(try OutputPlanner.delivery(forPath: "x/Score.MIDI") == .midi)
        #expect(!Delivery.midi.rendersMusic)
        #expect(Delivery.midi.format == nil)
    }

    @Test("--audio add cannot go into an audio file, --stems not with .mid; everything else may")
    func optionsTheDeliveryCannotHonour() throws {
        var options = JobOptions(input: "in.mp4")
        options.audioMode = .add
        #expect(throws: PipelineError.self) { try OutputPlanner.check(.audio(.m4a), options: options) }
        try OutputPlanner.check(.video(.mp4), options: options)
        try OutputPlanner.check(.midi, options: options)
        options.audioMode = .mix
        options.stemsPath = "stems"
        try OutputPlanner.check(.audio(.wav), options: options)
        #expect(throws: PipelineError.self) { try OutputPlanner.check(.midi, options: options) }
    }
}
