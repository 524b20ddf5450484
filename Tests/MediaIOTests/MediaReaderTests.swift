import Foundation
import TestSupport
import Testing

@testable import MediaIO

@Suite("MediaReader on generated clips")
struct MediaReaderTests {
    init() {
        // FFmpeg's complaints about the refused fixtures go to its ring buffer, not the test log.
        FFmpegLog.install()
    }

    // MARK: Stream information

    struct StreamExpectation: Sendable, CustomTestStringConvertible {
        var fixture: Clip
        var videoCodec: String
        var width: Int
        var height: Int
        var audioCodec: String?
        var sampleRate = 0
        var channels = 0
        var rotation = 0.0
        var testDescription: String { fixture.id }
    }

    static let streamExpectations = [
        StreamExpectation(
            fixture: .h264AAC, videoCodec: "h264", width: 320, height: 240, audioCodec: "aac", sampleRate: 48_000,
            channels: 1),
        StreamExpectation(
            fixture: .vp9Opus, videoCodec: "vp9", width: 320, height: 240, audioCodec: "opus", sampleRate: 48_000,
            channels: 1),
        StreamExpectation(
            fixture: .mpeg2PS, videoCodec: "mpeg2video", width: 320, height: 240, audioCodec: "mp2",
            sampleRate: 48_000, channels: 1),
        StreamExpectation(
            fixture: .surround, videoCodec: "h264", width: 320, height: 240, audioCodec: "aac", sampleRate: 44_100,
            channels: 6),
        StreamExpectation(fixture: .silentWide, videoCodec: "h264", width: 640, height: 360, audioCodec: nil),
        // ffprobe reports this display matrix as 90 (counter-clockwise) and ffmpeg turns the top of
        // the picture to the left: clockwise, that is -90.
        StreamExpectation(
            fixture: .rotated, videoCodec: "h264", width: 320, height: 240, audioCodec: nil, rotation: -90),
    ]

    @Test("probe describes the streams: codecs, sizes, rate, channels, rotation", arguments: streamExpectations)
    func streamInfo(_ expected: StreamExpectation) async throws {
        let info = try MediaReader().probe(try await expected.fixture.path())
        #expect(info.video.kind == .video)
        #expect(info.video.codecName == expected.videoCodec)
        #expect(info.video.width == expected.width && info.video.height == expected.height)
        #expect(abs(info.video.frameRate - 25) < 0.01)
        #expect(info.video.rotation == expected.rotation)
        #expect(abs((info.duration ?? 0) - Double(Clip.seconds)) < 0.1, "duration \(String(describing: info.duration))")
        #expect(info.audio?.codecName == expected.audioCodec)
        if expected.audioCodec != nil {
            #expect(info.audio?.kind == .audio)
            #expect(info.audio?.sampleRate == expected.sampleRate)
            #expect(info.audio?.channels == expected.channels)
        }
    }

    // MARK: Audio

    struct AudioLength: Sendable, CustomTestStringConvertible {
        var fixture: Clip
        /// Samples per frame of the source codec at its own rate.
        var codecFrame: Int
        var sourceRate: Int
        var testDescription: String { fixture.id }
        /// One codec frame, in 48 kHz frames.
        var tolerance: Int { (codecFrame * AudioChunk.sampleRate + sourceRate - 1) / sourceRate }
    }

    static let audioLengths = [
        AudioLength(fixture: .h264AAC, codecFrame: 1024, sourceRate: 48_000),
        AudioLength(fixture: .surround, codecFrame: 1024, sourceRate: 44_100),
        AudioLength(fixture: .vp9Opus, codecFrame: 960, sourceRate: 48_000),
        AudioLength(fixture: .mpeg2PS, codecFrame: 1152, sourceRate: 48_000),
        AudioLength(fixture: .bFramesWithOffset, codecFrame: 1024, sourceRate: 48_000),
    ]

    @Test(
        "Audio arrives as 48 kHz stereo, as long as the clip within one codec frame, at the right pitch",
        arguments: audioLengths)
    func audioLengthAndRate(_ clip: AudioLength) async throws {
        var left: [Float] = []
        var right: [Float] = []
        var oddChunks = 0
        let summary = try MediaReader().read(
            try await clip.fixture.path(), video: nil,
            onAudio: { chunk in
                if chunk.samples.count % AudioChunk.channels != 0 { oddChunks += 1 }
                for frame in 0..<chunk.frameCount {
                    left.append(chunk.samples[2 * frame])
                    right.append(chunk.samples[2 * frame + 1])
                }
            })
        let expected = Int(Double(Clip.seconds) * Double(AudioChunk.sampleRate))
        #expect(oddChunks == 0)
        #expect(summary.audioFrameCount == left.count)
        #expect(abs(left.count - expected) <= clip.tolerance, "\(left.count) frames, expected \(expected)")
        #expect(abs(summary.videoDuration - Double(Clip.seconds)) < 0.001, "video \(summary.videoDuration) s")
        // The fixtures hold a 1 kHz sine: at 48 kHz it crosses zero upwards 1000 times a second.
        // Measured away from the edges (codec priming and padding).
        let middle = Array(left[(expected / 8)..<(expected * 7 / 8)])
        let hertz = Double(Self.upwardZeroCrossings(middle)) / (Double(middle.count) / Double(AudioChunk.sampleRate))
        #expect(abs(hertz - 1000) < 5, "a 1 kHz sine decoded as \(hertz) Hz")
        #expect(Self.rms(right) > 0.01 && Self.rms(left) > 0.01, "both channels should carry the sound")
    }

    static let clicks: [(Clip, Double)] = [
        (.clickInMP4, 1.5),
        (.clickWithOffset, 1.5),
        (.clickDelayed, 1.8),
        (.clickInMPEGTS, 1.5),
        (.clickIn44kHzMatroska, 1.5),
    ]

    @Test("A click lands at the same time on the video's clock in the decoded audio (within 10 ms)", arguments: clicks)
    func audioAlignedWithVideo(_ fixture: Clip, clickSeconds: Double) async throws {
        var left: [Float] = []
        _ = try MediaReader().read(
            try await fixture.path(), video: nil,
            onAudio: { chunk in
                for frame in 0..<chunk.frameCount { left.append(chunk.samples[2 * frame]) }
            })
        let loudest = try #require(left.indices.max { abs(left[$0]) < abs(left[$1]) })
        let seconds = Double(loudest) / Double(AudioChunk.sampleRate)
        #expect(abs(left[loudest]) > 0.3, "no click found (peak \(left[loudest]))")
        #expect(abs(seconds - clickSeconds) < 0.010, "the click is at \(seconds) s, expected \(clickSeconds) s")
    }

    // MARK: Video

    @Test("Intra-only mode returns only intra frames, far fewer than every-frame mode")
    func intraOnly() async throws {
        let path = try await Clip.h264AAC.path()
        var every: [VideoFrame] = []
        var intra: [VideoFrame] = []
        let reader = MediaReader()
        _ = try reader.read(
            path, video: VideoReadOptions(frames: .every, width: 32, height: 24), onVideo: { every.append($0) })
        _ = try reader.read(
            path, video: VideoReadOptions(frames: .intraOnly, width: 32, height: 24), onVideo: { intra.append($0) })

        #expect(every.count == 100, "4 s at 25 fps")
        #expect(!intra.isEmpty)
        #expect(intra.allSatisfy { $0.isIntra })
        #expect(intra.count * 5 <= every.count, "\(intra.count) intra frames of \(every.count)")
        // The clip has a key frame every 25 frames (-g 25): at 0, 1, 2 and 3 s.
        let intraTimes = intra.map(\.time)
        #expect(
            intraTimes.count == 4 && zip(intraTimes, [0.0, 1, 2, 3]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(intraTimes)"
        )
        #expect(every.allSatisfy { $0.width == 32 && $0.height == 24 && $0.rgb.count == 32 * 24 * 3 })
        // An all-black picture would mean the decode or the scaling failed.
        #expect(every.allSatisfy { frame in frame.rgb.contains { $0 > 32 } })
    }

    @Test("Frame times count from the first frame, in presentation order, when the file starts at 0.5 s")
    func frameTimesFromFirstFrame() async throws {
        var times: [Double] = []
        let summary = try MediaReader().read(
            try await Clip.bFramesWithOffset.path(), video: VideoReadOptions(frames: .every),
            onVideo: { times.append($0.time) })
        #expect(abs(summary.origin - 0.5) < 0.001, "origin \(summary.origin)")
        #expect(times.count == 100)
        #expect(times.first == 0)
        let expected = (0..<100).map { Double($0) * 0.04 }
        #expect(zip(times, expected).allSatisfy { abs($0 - $1) < 0.001 }, "\(times.prefix(8))")
        #expect(abs(summary.videoDuration - 4) < 0.001)
    }

    // MARK: Subtitles

    static let subtitleFixtures: [Clip] = [.movText, .srtInMatroska, .movTextWithOffset]

    @Test("Subtitle cues come with their text, without markup, and their times", arguments: subtitleFixtures)
    func subtitles(_ fixture: Clip) async throws {
        var cues: [SubtitleCue] = []
        _ = try MediaReader().read(try await fixture.path(), video: nil, onSubtitle: { cues.append($0) })
        let expected = [
            SubtitleCue(start: 0.5, end: 1.8, text: "Hello from the harbour"),
            SubtitleCue(start: 2.2, end: 3.5, text: "The storm is coming"),
        ]
        try #require(cues.count == expected.count, "\(cues)")
        for (cue, wanted) in zip(cues, expected) {
            #expect(cue.text == wanted.text)
            #expect(abs(cue.start - wanted.start) < 0.01 && abs(cue.end - wanted.end) < 0.01, "\(cue)")
        }
    }

    // MARK: Limits and refusals

    struct Limit: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var apply: @Sendable (inout InputLimits) -> Void
    }

    static let tightLimits = [
        Limit(testDescription: "pictures over 100x100 pixels") { $0.maxPixelsPerFrame = 100 * 100 },
        Limit(testDescription: "one pixel fewer than 320x240") { $0.maxPixelsPerFrame = 320 * 240 - 1 },
        Limit(testDescription: "at most 2 s") { $0.maxDurationSeconds = 2 },
        Limit(testDescription: "at most one stream") { $0.maxStreams = 1 },
    ]

    @Test("A clip beyond a limit is refused as not a video, by probe and by read", arguments: tightLimits)
    func limitsRefuse(_ limit: Limit) async throws {
        var limits = InputLimits()
        limit.apply(&limits)
        let reader = MediaReader(limits: limits)
        let path = try await Clip.h264AAC.path()
        let probeError = #expect(throws: MediaError.self) { try reader.probe(path) }
        #expect(probeError?.kind == .notAVideo, "\(String(describing: probeError))")
        var frames = 0
        let readError = #expect(throws: MediaError.self) {
            try reader.read(path, video: VideoReadOptions(), onVideo: { _ in frames += 1 })
        }
        #expect(readError?.kind == .notAVideo, "\(String(describing: readError))")
        #expect(frames == 0)
    }

    @Test("A clip exactly at the pixel limit is accepted")
    func limitIsInclusive() async throws {
        var limits = InputLimits()
        limits.maxPixelsPerFrame = 320 * 240
        let info = try MediaReader(limits: limits).probe(try await Clip.h264AAC.path())
        #expect(info.video.width == 320)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var kind: MediaError.Kind
        /// Makes the thing to open in `folder` and returns its path.
        var make: @Sendable (URL) async throws -> String
    }

    static let refusals = [
        Refusal(testDescription: "a missing file", kind: .inputMissing) { $0.appending(path: "missing.mp4").path },
        Refusal(testDescription: "a symlink to a video", kind: .inputUnreadable) { folder in
            let link = folder.appending(path: "link.mp4").path
            try FileManager.default.createSymbolicLink(
                atPath: link, withDestinationPath: try await Clip.h264AAC.path())
            return link
        },
        Refusal(testDescription: "a folder", kind: .inputUnreadable) { $0.path },
        Refusal(testDescription: "a FIFO (must not hang)", kind: .inputUnreadable) { folder in
            let path = folder.appending(path: "pipe.mp4").path
            try #require(mkfifo(path, 0o644) == 0)
            return path
        },
        Refusal(testDescription: "a text file named .mp4", kind: .notAVideo) { folder in
            let path = folder.appending(path: "notes.mp4")
            try Data("not a video\n".utf8).write(to: path)
            return path.path
        },
        Refusal(testDescription: "an HLS playlist named .mp4", kind: .notAVideo) { folder in
            let path = folder.appending(path: "x.mp4")
            try Data("#EXTM3U\n#EXTINF:4.0,\nclip.ts\n#EXT-X-ENDLIST\n".utf8).write(to: path)
            return path.path
        },
        Refusal(testDescription: "an ffconcat script named .mp4", kind: .notAVideo) { folder in
            let path = folder.appending(path: "y.mp4")
            let target = try await Clip.h264AAC.path()
            try Data("ffconcat version 1.0\nfile '\(target)'\n".utf8).write(to: path)
            return path.path
        },
        Refusal(testDescription: "an audio-only file", kind: .notAVideo) { folder in
            try await Subprocess.ffmpeg(Clip.sine(hertz: 1000) + ["-c:a", "aac", "sound.m4a"], in: folder)
            return folder.appending(path: "sound.m4a").path
        },
    ]

    @Test("Inputs that are not usable videos are refused with the right error", arguments: refusals)
    func refusesInput(_ refusal: Refusal) async throws {
        let folder = try TemporaryFolder(prefix: "soundtrack-mediaio-test")
        let path = try await refusal.make(folder.url)
        let error = #expect(throws: MediaError.self) { try MediaReader().probe(path) }
        #expect(error?.kind == refusal.kind, "\(String(describing: error))")
        #expect(error?.description.contains(path) == true)
    }

    // MARK: Helpers

    static func upwardZeroCrossings(_ samples: [Float]) -> Int {
        zip(samples, samples.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
    }

    static func rms(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0) { $0 + Double($1 * $1) } / Double(samples.count)).squareRoot()
    }
}
