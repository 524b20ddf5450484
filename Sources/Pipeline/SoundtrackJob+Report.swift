import Analysis
import Foundation
import MediaIO
import Mixing
import Threads

/// The report of a job: JSON, or an HTML page that also shows a picture of every scene.
extension SoundtrackJob {
    /// Whether the report asked for is the HTML page rather than JSON.
    var reportIsHTML: Bool { options.reportPath.map(HTMLReport.isHTMLPath) ?? false }

    /// Starts taking one picture from the middle of each scene, beside composition and
    /// rendering, when the report will show them (the analysis's pictures are far too small).
    func startStills(opened: OpenedInput, scenes: [SceneAnalysis], reader: MediaReader) -> Background<[Still?]>? {
        guard reportIsHTML else { return nil }
        let requests = scenes.map { StillRequest(time: ($0.start + $0.end) / 2, tolerance: ($0.end - $0.start) / 4) }
        switch opened {
        case .video(let file, _):
            return Background(name: "soundtrack.stills") { try reader.stills(file, for: requests) }
        case .words, .photos:
            return nil
        }
    }

    /// The scenes' pictures; a failure to take them costs the page its pictures (it says so),
    /// not the job its output.
    func collect(_ stills: Background<[Still?]>?) -> [Still?]? {
        do {
            return try stills?.wait()
        } catch {
            logger.notice(
                "the report shows no pictures: they could not be taken",
                metadata: ["file": "\(options.input)", "stage": "report", "reason": "\(error)"])
            return nil
        }
    }

    /// The input (when it is a video) and the output as read back from disk, a video or sound
    /// alone (nil for a MIDI file, or one that cannot be read back).
    func media(opened: OpenedInput, plan: OutputPlan, reader: MediaReader) -> Report.Media {
        let output =
            plan.delivery == .midi
            ? nil : (try? reader.describe(plan.path)).map { Report.MediaFile(path: plan.path, info: $0) }
        switch opened {
        case .video(_, let info):
            return Report.Media(input: Report.MediaFile(path: options.input, info: info), output: output)
        case .words, .photos:
            return Report.Media(input: nil, output: output)
        }
    }

    /// The loudness curves the job's meters took on the way.
    func loudnessCurves(
        original: [Double]?, music: [Double], delivered: [Double], programme: Programme, gain: Double
    ) -> Report.LoudnessCurves {
        Report.LoudnessCurves(
            original: programme.mixesOriginal ? original : nil, music: music, delivered: delivered,
            duck: programme.mixPlan?.duck, duckBlockSeconds: SpeechActivity.blockSeconds,
            musicGain: (programme.mixPlan?.musicGain ?? 0) + gain)
    }

    /// Writes `report` as JSON, or as the HTML page with the scenes' pictures; a picture that
    /// could not be taken leaves its place marked on the page rather than failing the job.
    func writeReport(_ report: Report, stills: [Still?]?, to file: AtomicOutputFile) throws {
        if reportIsHTML {
            let page = HTMLReport(report: report, stills: stills ?? [])
            try Self.write(Array(page.render().utf8), to: file)
        } else {
            try Self.write(Array(try report.jsonData()), to: file)
        }
    }
}
