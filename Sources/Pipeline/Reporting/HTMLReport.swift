import Foundation
import MediaIO

/// The report as one self-contained HTML page: what went in and came out, a picture of every
/// scene, the timeline of cuts, moods and music, the score as a piano roll, the loudness, the
/// stage timings. Everything is inline (styles, SVG, pictures as data: URIs) and the page
/// forbids itself any other load, so it opens anywhere, offline, and never phones home.
struct HTMLReport {
    var report: Report
    /// One picture per scene, in scene order; nil where none could be taken.
    var stills: [Still?]
    /// What was found in a re-styled song, shown under the piano roll; nil for other inputs.
    var song: SongReport? = nil

    /// Width of every chart in SVG user units; charts scale to the page.
    static let chartWidth = 1000.0

    static func isHTMLPath(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".html") || lowered.hasSuffix(".htm")
    }

    func render() -> String {
        let title = "Soundtrack report: " + HTMLText.fileName(report.input)
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <title>\(HTMLText.escape(title))</title>
            <style>\(Self.style)</style></head>
            <body><main>
            <header><h1>\(HTMLText.escape(title))</h1>
            <p class="sub">\(HTMLText.escape(report.input)) → \(HTMLText.escape(report.output ?? "–")) · soundtrack \(HTMLText.escape(report.version)) · report schema \(report.schemaVersion)</p></header>

            """
        page += summarySection()
        page += filesSection()
        // A song has no scenes, cuts, moods or speech: its own section says what was found in it.
        if song == nil {
            page += contactSheetSection()
            page += timelineSection()
        }
        page += pianoRollSection()
        page += songSection()
        page += loudnessSection()
        page += timingsSection()
        page += optionsSection()
        page += "</main></body></html>\n"
        return page
    }

    /// Horizontal position of `seconds` on a chart, in chart units.
    func position(_ seconds: Double) -> Double {
        let duration = max(report.duration, 0.001)
        return min(max(seconds, 0), duration) / duration * Self.chartWidth
    }

    /// Horizontal position of `seconds` on a chart, as SVG text.
    func x(_ seconds: Double) -> String {
        HTMLText.number(position(seconds))
    }

    /// Ticks along a chart's time axis, at a step that gives about eight of them.
    func timeAxis(y: Double, height: Double) -> String {
        let steps = [1.0, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]
        let step = steps.first { report.duration / $0 <= 10 } ?? 7200
        var svg = "<g class=\"axis\">"
        var time = 0.0
        while time <= report.duration + 0.001 {
            svg += "<line x1=\"\(x(time))\" y1=\"0\" x2=\"\(x(time))\" y2=\"\(HTMLText.number(height))\"/>"
            svg += "<text x=\"\(x(time))\" y=\"\(HTMLText.number(y))\">\(HTMLText.clock(time, tenths: false))</text>"
            time += step
        }
        return svg + "</g>"
    }

    /// The opening tag of a chart `height` units tall.
    static func chartStart(id: String, height: Double, label: String) -> String {
        "<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(label)\">"
    }

    /// A line across the whole chart at `y`.
    static func rule(y: Double, stroke: String, extra: String = "") -> String {
        "<line x1=\"0\" y1=\"\(HTMLText.number(y))\" x2=\"\(Int(chartWidth))\" y2=\"\(HTMLText.number(y))\" "
            + "stroke=\"\(stroke)\"\(extra)/>"
    }

    /// The video's cuts as vertical lines from `top` to `bottom`.
    func cutLines(top: Double, bottom: Double, extra: String = "") -> String {
        let lines = report.cuts.map {
            "<line class=\"cut\" x1=\"\(x($0))\" y1=\"\(HTMLText.number(top))\" x2=\"\(x($0))\" "
                + "y2=\"\(HTMLText.number(bottom))\"\(extra)/>"
        }
        return "<g class=\"cuts\">" + lines.joined() + "</g>"
    }

    /// A paragraph saying why part of the page is empty.
    static func note(_ text: String) -> String {
        "<p class=\"note\">\(HTMLText.escape(text))</p>"
    }
}
