import Foundation
import TestSupport
import Testing

/// `--report NAME.html`: one self-contained page, checked the way a reader meets it, in
/// headless Chromium at a desktop and a phone width.
@Suite("HTML report")
struct HTMLReportTests {
    /// Largest page allowed for a ten-minute video with about 140 scenes.
    static let budgetBytes = 3_000_000

    /// Ten minutes at 128x72 and 10 fps, 140 shots of seven lavfi sources in turn (3 to 5.6 s
    /// each) joined by hard cuts, no sound: cheap to make and to analyse, long enough to fill a page.
    static let tenMinutes: Clip = {
        let kinds = [
            "testsrc2=s=128x72:r=10", "mandelbrot=s=128x72:r=10", "cellauto=s=128x72:r=10:rule=110:seed=7",
            "life=s=128x72:r=10:mold=10:life_color=#00ff00:death_color=#aa0000:seed=7",
            "gradients=s=128x72:r=10:speed=0.05:seed=7", "smptebars=s=128x72:r=10", "color=c=0x803020:s=128x72:r=10",
        ]
        var graph = ""
        var labels = ""
        var total = 0
        for shot in 0..<140 {
            let frames = 30 + (shot * 17) % 27
            total += frames
            graph +=
                "\(kinds[shot % kinds.count]),trim=end_frame=\(frames),setpts=PTS-STARTPTS,format=yuv420p,setsar=1[s\(shot)];"
            labels += "[s\(shot)]"
        }
        graph += "\(labels)concat=n=140:v=1:a=0[v]"
        precondition(total > 5_900 && total < 6_100, "about ten minutes")
        return Clip(
            id: "ten minutes, 140 shots", fileName: "long.mp4",
            steps: [
                [
                    "-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-g", "30",
                    "long.mp4",
                ]
            ])
    }()

    static func midiNotes(_ url: URL) throws -> Int {
        try MIDINotes.count(in: Data(contentsOf: url))
    }

    @Test(
        "the trailer's and a ten-minute video's reports: a picture per scene, a shape per note, no errors, no loads",
        .enabled(if: ReportPage.canOpen && TestEnvironment.hasSharedMedia("trailer_bbb.mp4"), "needs chromium"),
        .timeLimit(.minutes(8)))  // ten minutes of video, beside the rest of the suite on two cores
    func trailerAndTenMinutes() async throws {
        let folder = try TemporaryFolder()
        let trailer = TestEnvironment.sharedMedia("trailer_bbb.mp4")
        let long = try await Self.tenMinutes.copy(into: folder.url)
        async let trailerRun = Subprocess.soundtrack(
            [trailer.path, "-o", "trailer.mp4", "--report", "trailer.html", "--midi", "trailer.mid"], in: folder.url)
        async let longRun = Subprocess.soundtrack(
            [long.path, "-o", "long.out.mp4", "--style", "piano", "--report", "long.html", "--midi", "long.mid"],
            in: folder.url)
        let results = try await [trailerRun, longRun]
        for result in results { try #require(result.status == 0, "\(result.summary)") }

        let reports = [folder.appending("trailer.html"), folder.appending("long.html")]
        for report in reports {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: report.path)[.size] as? Int)
            #expect(size < Self.budgetBytes, "\(report.lastPathComponent) is \(size) bytes")
        }
        let pages = try await ReportPage.open(reports, widths: [1280, 390], screenshots: folder.url)
        try #require(pages.count == 4)
        let expected = [
            ("trailer", try Self.midiNotes(folder.appending("trailer.mid"))),
            ("long", try Self.midiNotes(folder.appending("long.mid"))),
        ]
        for page in pages {
            let (name, notes) = expected[page.report.hasSuffix("trailer.html") ? 0 : 1]
            #expect(page.consoleErrors.isEmpty, "\(name) at \(page.width): \(page.consoleErrors)")
            #expect(page.requests.isEmpty, "\(name) at \(page.width): \(page.requests)")
            // Every scene has its picture: one more than the cuts on the timeline, all decoded.
            #expect(page.thumbnails == page.cuts + 1, "\(name): \(page.thumbnails) pictures, \(page.cuts) cuts")
            #expect(page.figures == page.thumbnails && page.thumbnailsDecoded == page.thumbnails, "\(name)")
            #expect(page.noteShapes == notes && notes > 0, "\(name): \(page.noteShapes) shapes, \(notes) MIDI notes")
            #expect(
                page.sections == ["summary", "files", "scenes", "timeline", "score", "loudness", "timings", "options"])
            #expect(page.pageWidth <= page.viewportWidth, "\(name) overflows a \(page.width) px window sideways")
            let shot = try #require(page.screenshot)
            #expect(shot.height > 1500 && shot.bytes > 10_000, "\(name): a full-page screenshot, \(shot)")
        }
        let longPage = try #require(pages.first { $0.report.hasSuffix("long.html") })
        #expect(longPage.thumbnails >= 100, "about 140 scenes: \(longPage.thumbnails)")
        let trailerPage = try #require(pages.first { $0.report.hasSuffix("trailer.html") })
        #expect(trailerPage.thumbnails >= 3, "\(trailerPage.thumbnails)")
    }
}

extension HTMLReportTests {
    @Test(
        "a video with one scene and no sound still gets a page, which says what it has nothing to show for",
        .enabled(if: ReportPage.canOpen, "needs chromium"))
    func nothingToShow() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.noAudio.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--report", "quiet.html"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let pages = try await ReportPage.open([folder.appending("quiet.html")], widths: [390], screenshots: folder.url)
        let page = try #require(pages.first)
        #expect(page.consoleErrors.isEmpty && page.requests.isEmpty, "\(page.consoleErrors) \(page.requests)")
        #expect(page.thumbnails == 1 && page.cuts == 0 && page.thumbnailsDecoded == 1)
        for words in ["One scene", "No cuts", "No original sound curve", "No speech", "No ducking"] {
            #expect(page.notes.contains { $0.hasPrefix(words) }, "\(words): \(page.notes)")
        }
    }

    @Test("the JSON report carries the page's data: files, loudness curves and every note")
    func jsonCarriesTheData() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.h264AAC.copy(into: folder.url)
        let result = try await Subprocess.soundtrack(
            [input.lastPathComponent, "--report", "r.json", "--midi", "m.mid"], in: folder.url)
        try #require(result.status == 0, "\(result.summary)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appending("r.json"))) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 3)
        let media = try #require(json["media"] as? [String: Any])
        let inputStreams = try #require((media["input"] as? [String: Any])?["streams"] as? [[String: Any]])
        #expect(inputStreams.map { $0["kind"] as? String } == ["video", "audio"])
        let outputStreams = try #require((media["output"] as? [String: Any])?["streams"] as? [[String: Any]])
        #expect(outputStreams.contains { $0["codec"] as? String == "aac" }, "\(outputStreams)")

        // A 4 s clip: eight half-second readings of each curve; the sine is mixed, so the
        // original and the ducking are there.
        let loudness = try #require(json["loudness"] as? [String: Any])
        #expect(loudness["stepSeconds"] as? Double == 0.5)
        for name in ["original", "music", "musicInMix", "delivered", "ducking"] {
            let curve = try #require(loudness[name] as? [Any], "\(name) missing")
            #expect((7...8).contains(curve.count), "\(name): \(curve.count) readings")
        }
        let delivered = try #require(loudness["delivered"] as? [Any]).compactMap { $0 as? Double }
        #expect(delivered.contains { $0 > -30 && $0 < -5 }, "\(delivered)")

        let music = try #require(json["music"] as? [String: Any])
        let tracks = try #require(music["tracks"] as? [[String: Any]])
        let notes = tracks.reduce(0) { $0 + (($1["notes"] as? [[Double]])?.count ?? 0) }
        #expect(notes == (try Self.midiNotes(folder.appending("m.mid"))) && notes > 0)
    }

    @Test(
        "a report on sound alone describes the audio file: a video's soundtrack as .m4a, and music from words as .flac")
    func soundAloneIsDescribed() async throws {
        let folder = try TemporaryFolder()
        let input = try await Clip.h264AAC.copy(into: folder.url)
        let fromVideo = try await Subprocess.soundtrack(
            [input.lastPathComponent, "-o", "music.m4a", "--report", "music.json"], in: folder.url)
        try #require(fromVideo.status == 0, "\(fromVideo.summary)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appending("music.json"))) as? [String: Any])
        let media = try #require(json["media"] as? [String: Any])
        let inputStreams = try #require((media["input"] as? [String: Any])?["streams"] as? [[String: Any]])
        #expect(inputStreams.map { $0["kind"] as? String } == ["video", "audio"])
        let output = try #require(media["output"] as? [String: Any], "\(media)")
        let outputStreams = try #require(output["streams"] as? [[String: Any]])
        #expect(outputStreams.map { $0["kind"] as? String } == ["audio"], "\(outputStreams)")
        #expect(
            outputStreams.first?["codec"] as? String == "aac" && outputStreams.first?["sampleRate"] as? Int == 48_000)
        let seconds = try #require(output["duration"] as? Double)
        let clipSeconds = try #require((media["input"] as? [String: Any])?["duration"] as? Double)
        #expect(abs(seconds - clipSeconds) < 0.1, "output \(seconds) s, input \(clipSeconds) s")

        let fromWords = try await Subprocess.soundtrack(
            ["--prompt", "a rainy walk home", "--duration", "8", "-o", "theme.flac", "--report", "theme.html"],
            in: folder.url)
        try #require(fromWords.status == 0, "\(fromWords.summary)")
        let page = try String(contentsOf: folder.appending("theme.html"), encoding: .utf8)
        let files = try #require(
            page.range(of: "<section id=\"files\">").map { String(page[$0.lowerBound...].prefix(1500)) })
        #expect(files.contains("<h3>Output</h3>") && files.contains("flac, 48000 Hz, 2 ch"), "\(files)")
        #expect(files.contains("Not a media file") && !files.contains("could not be read back"), "\(files)")
        #expect(files.contains("<td>0:08.0 ("), "\(files)")
    }
}
