import Testing

@testable import Analysis

@Suite("Slideshow timing and photo moods")
struct SlideshowTests {
    @Test("Seconds per photo: equal shares on whole frames")
    func secondsPerPhoto() throws {
        let timing = try SlideshowTiming.plan(photos: 4, secondsPerPhoto: 5, duration: nil, framesPerSecond: 25)
        #expect(timing.starts == [0, 5, 10, 15])
        #expect(timing.duration == 20)
        #expect(timing.cuts == [5, 10, 15])
        #expect(timing.plannedFrames == [125, 125, 125, 125])
    }

    @Test("A duration is shared out, each start on a whole frame")
    func durationShared() throws {
        let timing = try SlideshowTiming.plan(photos: 3, secondsPerPhoto: 5, duration: 10, framesPerSecond: 25)
        #expect(timing.totalFrames == 250)
        #expect(timing.plannedFrames.reduce(0, +) == 250)
        #expect(timing.plannedFrames.allSatisfy { (83...84).contains($0) }, "\(timing.plannedFrames)")
        for start in timing.starts {
            #expect(abs(start * 25 - (start * 25).rounded()) < 1e-9)
        }
    }

    @Test("One photo for 30 seconds is one scene without cuts")
    func onePhoto() throws {
        let timing = try SlideshowTiming.plan(photos: 1, secondsPerPhoto: 5, duration: 30, framesPerSecond: 25)
        #expect(timing.cuts.isEmpty)
        #expect(timing.plannedFrames == [750])
        #expect(timing.frames(changingAtNearest: [0, 2.2, 4.4]) == [750])
    }

    @Test("Too short a share or a week-long slideshow is refused")
    func refusals() {
        #expect(throws: SlideshowTiming.PlanError.tooShort(secondsPerPhoto: 0.1)) {
            try SlideshowTiming.plan(photos: 100, secondsPerPhoto: 5, duration: 10, framesPerSecond: 25)
        }
        #expect(throws: SlideshowTiming.PlanError.tooLong(seconds: 7 * 86_400)) {
            try SlideshowTiming.plan(photos: 2, secondsPerPhoto: 5, duration: 7 * 86_400, framesPerSecond: 25)
        }
    }

    @Test("Photo changes move to the nearest downbeat and keep every photo on screen")
    func changesOnDownbeats() throws {
        let timing = try SlideshowTiming.plan(photos: 3, secondsPerPhoto: 5, duration: nil, framesPerSecond: 25)
        // Bars of 2.1 s: the downbeats nearest 5 and 10 are 4.2 and 10.5.
        let downbeats = stride(from: 0.0, to: 15, by: 2.1).map { $0 }
        #expect(timing.frames(changingAtNearest: downbeats) == [105, 158, 112])
        // Downbeats exactly at the planned changes keep the plan to the frame.
        #expect(timing.frames(changingAtNearest: [0, 5.000000001, 9.99999999]) == timing.plannedFrames)
        // Two changes drawn to the same downbeat still leave the middle photo a frame.
        #expect(timing.frames(changingAtNearest: [0, 7.5]).allSatisfy { $0 >= 1 })
    }

    @Test("A bright, saturated photo is happier and livelier than a dark grey one")
    func photoMoods() throws {
        let bright = Picture(
            time: 0, width: 32, height: 18,
            rgb: (0..<(32 * 18)).flatMap { index -> [UInt8] in index % 5 == 0 ? [255, 240, 60] : [250, 150, 40] })
        let dark = Picture(time: 0, width: 32, height: 18, rgb: [UInt8](repeating: 30, count: 32 * 18 * 3))
        let timing = try SlideshowTiming.plan(photos: 2, secondsPerPhoto: 8, duration: nil, framesPerSecond: 25)
        let analysis = PhotoScenes.analysis(pictures: [bright, dark], timing: timing, prompt: nil)
        #expect(analysis.scenes.count == 2)
        #expect(analysis.cuts == [8])
        #expect(analysis.scenes[0].start == 0 && analysis.scenes[0].end == 8 && analysis.scenes[1].end == 16)
        let (happy, sad) = (analysis.scenes[0].mood, analysis.scenes[1].mood)
        #expect(happy.valence > sad.valence + 0.3, "\(happy) vs \(sad)")
        #expect(happy.arousal > sad.arousal, "\(happy) vs \(sad)")
        #expect(sad.tension > happy.tension)
        #expect(analysis.scenes.allSatisfy { $0.features.motion == 0 })
    }

    @Test("Pan and zoom reads as slow motion: a little more arousal than a still")
    func motionRaisesArousal() throws {
        let grey = Picture(time: 0, width: 32, height: 18, rgb: [UInt8](repeating: 128, count: 32 * 18 * 3))
        let timing = try SlideshowTiming.plan(photos: 1, secondsPerPhoto: 5, duration: nil, framesPerSecond: 25)
        let still = PhotoScenes.analysis(pictures: [grey], timing: timing, prompt: nil).scenes[0].mood
        let moving = PhotoScenes.analysis(pictures: [grey], timing: timing, prompt: nil, moving: true).scenes[0].mood
        #expect(moving.arousal > still.arousal)
    }

    @Test("A 100:1 panorama, measured at 64x1, still gets features")
    func thinPanorama() {
        let strip = Picture(time: 0, width: 64, height: 1, rgb: (0..<64).flatMap { index -> [UInt8] in [UInt8(index * 4), 100, 50] })
        let features = PhotoScenes.features(of: strip)
        #expect(features.picture.brightness > 0.2 && features.picture.brightness < 0.8)
        #expect(features.picture.edgeDensity >= 0)
    }
}
