import Analysis
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

    @Test("A path names its kind of input: nothing is a prompt, .txt/.json a cue sheet, a photo a slideshow")
    func inputKinds() {
        #expect(JobInput.classify(path: "a.mp4") == .video(path: "a.mp4"))
        #expect(JobInput.classify(path: "a.mp4").path == "a.mp4")
        #expect(JobInput.classify(path: "") == .words(WordsInput(cueSheet: nil)))
        #expect(JobInput.classify(path: "cues.TXT") == .words(WordsInput(cueSheet: "cues.TXT")))
        #expect(JobInput.classify(path: "a/b.json").path == "a/b.json")
        #expect(JobInput.classify(path: "IMG_1.jpg") == .photos(PhotoInputs(paths: ["IMG_1.jpg"])))
        var options = JobOptions(input: "a.jpg")
        options.source = .photos(PhotoInputs(paths: ["a.jpg", "b.png"]))
        #expect(options.jobInput.path == "a.jpg")
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

@Suite("Stage chain: one request checked once, for every kind of input")
struct InputKindTests {
    @Test("--duration is refused for a video (64), allowed for words and photos within 1 s to 3 hours")
    func durationByKind() {
        var options = JobOptions(input: "clip.mp4")
        #expect(options.problem == nil)
        options.duration = 30
        #expect(options.problem?.contains("--duration is for music from words and for slideshows") == true)
        options.input = "cues.txt"
        #expect(options.problem == nil)
        options.input = "a.jpg"
        #expect(options.problem == nil)
        options.duration = 604_800
        #expect(options.problem?.contains("between 1 second and 3 hours") == true)
    }

    @Test("Words and photos have no sound to mix or add to; a prompt alone needs --duration")
    func soundAndPrompt() {
        var options = JobOptions(input: "")
        options.prompt = "calm"
        #expect(options.problem?.contains("--duration") == true)
        options.duration = 10
        #expect(options.problem == nil)
        options.audioMode = .mix
        #expect(options.problem?.contains("words have no sound") == true)
        options = JobOptions(input: "a.jpg")
        options.audioMode = .add
        #expect(options.problem?.contains("photos have no sound") == true)
        options.audioMode = .replace
        var photos = PhotoInputs(paths: ["a.jpg"])
        photos.frameSize = PixelSize(width: 641, height: 360)
        options.source = .photos(photos)
        #expect(options.problem?.contains("even") == true)
    }

    @Test("Words cannot go to a video; a slideshow not to WebM; both to audio files and .mid")
    func deliveriesByKind() throws {
        let words = OpenedInput.words(AnalysisResult(prompt: "calm", duration: 10))
        #expect(throws: PipelineError.self) {
            try OutputPlanner.check(OutputPlan(path: "x.mp4", delivery: .video(.mp4)), input: words)
        }
        try OutputPlanner.check(OutputPlan(path: "x.m4a", delivery: .audio(.m4a)), input: words)
        try OutputPlanner.check(OutputPlan(path: "x.mid", delivery: .midi), input: words)
        var options = JobOptions(input: "")
        options.output = "theme.flac"
        let (plan, _) = try OutputPlanner.plan(options: options, input: words)
        #expect(plan.delivery == .audio(.flac))
        options = JobOptions(input: "cues.txt")
        #expect(try OutputPlanner.plan(options: options, input: words).plan.path == "cues.soundtrack.wav")
    }

    @Test("A slideshow's photos change on the score's downbeats; the analysis follows what is shown")
    func photosPlacedOnDownbeats() throws {
        let timing = try SlideshowTiming.plan(photos: 3, secondsPerPhoto: 5, duration: nil, framesPerSecond: 25)
        var photos = OpenedPhotos(
            inputs: PhotoInputs(paths: ["a"]), files: [], timing: timing, shotFrames: timing.plannedFrames)
        #expect(photos.shotFrames == [125, 125, 125])
        photos.place(onDownbeats: [0, 4.8, 9.6, 14.4])
        #expect(photos.shotFrames == [120, 120, 135])
        #expect(photos.audioFrameCount == 15 * 48_000)
        var analysis = AnalysisResult(prompt: "calm", duration: 15)
        analysis.scenes = Array(repeating: analysis.scenes[0], count: 3)
        let shown = photos.shown(analysis)
        #expect(shown.cuts == [4.8, 9.6])
        #expect(shown.scenes.map(\.end) == [4.8, 9.6, 15])
    }
}
