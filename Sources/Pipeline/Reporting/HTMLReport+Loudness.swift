/// Loudness over time: the original, the music as it sits in the delivered track (the ducking
/// shows as its dips under the original) and the delivered track, with the ducking itself
/// drawn below, and the delivered integrated loudness and true peak.
extension HTMLReport {
    static let loudnessFloor = -60.0
    static let loudnessCeiling = 0.0

    func loudnessSection() -> String {
        var html = "<section id=\"loudness\"><h2>Loudness</h2>"
        if let audio = report.audio {
            var rows: [(String, String)] = [
                (
                    "delivered",
                    "\(HTMLText.number(audio.lufs)) LUFS integrated (target \(HTMLText.number(audio.target)))"
                ),
                ("true peak", "\(HTMLText.number(audio.truePeak)) dBTP"), ("mode", HTMLText.escape(audio.mode)),
                ("codec", HTMLText.escape(audio.codec)),
            ]
            if let gain = audio.originalGain {
                rows.append(("original's gain", "\(HTMLText.signed(gain, places: 1)) dB"))
            }
            html += HTMLText.table(rows)
        }
        guard let curves = report.loudness else {
            return html + Self.note("No loudness was measured over time.") + "</section>\n"
        }
        if curves.original == nil {
            let hasSound = report.media?.input?.streams.contains { $0.kind == "audio" } ?? false
            let why =
                hasSound
                ? "the original sound is not mixed into this soundtrack (audio mode \(report.audio?.mode ?? "?"))"
                : "the video has no sound"
            html += Self.note("No original sound curve: \(why).")
        }
        if curves.ducking == nil { html += Self.note("No ducking: the music is not mixed under the original sound.") }
        let plot = 200.0
        let duckTop = plot + 22
        let duckHeight = curves.ducking == nil ? 0.0 : 40
        let height = duckTop + duckHeight + 16
        var svg = Self.chartStart(id: "loudness-chart", height: height, label: "loudness")
        svg += timeAxis(y: height - 2, height: height - 14)
        for level in stride(from: Self.loudnessCeiling, through: Self.loudnessFloor, by: -10) {
            let y = loudnessY(level, plot: plot)
            svg += Self.rule(y: y, stroke: "#eef0f4") + "<text x=\"2\" y=\"\(HTMLText.number(y))\">\(Int(level))</text>"
        }
        if let audio = report.audio {
            svg += Self.rule(
                y: loudnessY(audio.target, plot: plot), stroke: "#27ae60", extra: " stroke-dasharray=\"6 4\"")
        }
        let lines: [(String, [Double?]?, String)] = [
            ("original", curves.original, "#7f8c8d"), ("music in the mix", curves.musicInMix, "#2e86c1"),
            ("delivered", curves.delivered, "#1d2330"),
        ]
        var legend: [String] = []
        for (name, values, colour) in lines {
            guard let values else { continue }
            legend.append("<span style=\"color:\(colour)\">— \(name)</span>")
            svg +=
                "<path d=\"\(curvePath(values, step: curves.stepSeconds, window: curves.windowSeconds, plot: plot))\" "
                + "fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.4\"/>"
        }
        if let ducking = curves.ducking {
            legend.append("<span style=\"color:#e67e22\">▼ ducking (0 to −15 dB, below)</span>")
            svg += "<text x=\"2\" y=\"\(HTMLText.number(duckTop - 4))\">ducking</text>"
            var path = "M0 \(HTMLText.number(duckTop))"
            for (index, gain) in ducking.enumerated() {
                let depth = min(1, max(0, -gain / 15)) * duckHeight
                path += "L\(x(Double(index) * curves.stepSeconds)) \(HTMLText.number(duckTop + depth))"
            }
            path += "L\(x(report.duration)) \(HTMLText.number(duckTop))Z"
            svg += "<path d=\"\(path)\" fill=\"#e67e22\" fill-opacity=\"0.6\"/>"
        }
        svg += cutLines(top: 0, bottom: plot, extra: " stroke-opacity=\"0.35\"") + "</svg>"
        html +=
            "<div class=\"legend\">\(legend.joined())<span style=\"color:#27ae60\">-- target</span>"
            + "<span>short-term LUFS (3 s)</span></div>"
        return html + "<div class=\"scroll\">\(svg)</div></section>\n"
    }

    private func loudnessY(_ lufs: Double, plot: Double) -> Double {
        let clamped = min(Self.loudnessCeiling, max(Self.loudnessFloor, lufs))
        return (Self.loudnessCeiling - clamped) / (Self.loudnessCeiling - Self.loudnessFloor) * plot
    }

    /// A curve through the readings, each drawn at the middle of the 3 s it measured; silence
    /// breaks the line. Long videos are thinned to about one point per chart unit.
    private func curvePath(_ values: [Double?], step: Double, window: Double, plot: Double) -> String {
        let stride = max(1, Int((Double(values.count) / Self.chartWidth).rounded(.up)))
        var path = ""
        var drawing = false
        for index in Swift.stride(from: 0, to: values.count, by: stride) {
            let time = Double(index + 1) * step - window / 2
            guard time >= 0, let value = values[index] else {
                drawing = false
                continue
            }
            path += (drawing ? "L" : "M") + "\(x(time)) \(HTMLText.number(loudnessY(value, plot: plot)))"
            drawing = true
        }
        return path.isEmpty ? "M0 0" : path
    }
}
