import Analysis
import Foundation
import MediaIO
import Rendering

/// The report of a job: JSON, or an HTML page that also shows a picture of every scene.
extension SoundtrackJob {
    /// Whether the report asked for is the HTML page rather than JSON.
    var reportIsHTML: Bool { options.reportPath.map(HTMLReport.isHTMLPath) ?? false }

    /// Starts taking one picture from the middle of each scene, beside composition and
    /// rendering, when the report will show them (the analysis's pictures are far too small).
    func startStills(input: InputFile, scenes: [SceneAnalysis], reader: MediaReader) -> Background<[Still?]>? {
        guard reportIsHTML else { return nil }
        let requests = scenes.map { StillRequest(time: ($0.start + $0.end) / 2, tolerance: ($0.end - $0.start) / 4) }
        return Background { try reader.stills(input, for: requests) }
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

    /// The files, and the loudness curves the job's meters took on the way.
    func addEvidence(
        to report: inout Report, info: MediaInfo, outputPath: String, reader: MediaReader, originalCurve: [Double]?,
        musicCurve: [Double], deliveredCurve: [Double], programme: Programme, gain: Double
    ) {
        let output = try? reader.probe(outputPath)
        report.media = Report.Media(
            input: Report.MediaFile(path: options.input, info: info),
            output: output.map { Report.MediaFile(path: outputPath, info: $0) })
        report.loudness = Report.LoudnessCurves(
            original: programme.mixesOriginal ? originalCurve : nil, music: musicCurve, delivered: deliveredCurve,
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
