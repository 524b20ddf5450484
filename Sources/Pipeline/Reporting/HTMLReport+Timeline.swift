/// The timeline: scenes coloured by mood with the cuts, the mood curves, the music's sections
/// and where the original speaks, on one time axis.
extension HTMLReport {
    func timelineSection() -> String {
        let height = 262.0
        var svg = Self.chartStart(id: "timeline-chart", height: height, label: "timeline")
        svg += timeAxis(y: height - 2, height: height - 14)
        svg += "<text x=\"2\" y=\"9\">scenes</text>"
        for scene in report.scenes {
            svg +=
                "<rect x=\"\(x(scene.start))\" y=\"12\" width=\"\(width(scene.start, scene.end))\" height=\"30\" "
                + "fill=\"\(MoodColour.css(scene.mood))\"><title>\(HTMLText.clock(scene.start))–\(HTMLText.clock(scene.end)): "
                + "valence \(HTMLText.signed(scene.mood.valence)), arousal \(HTMLText.signed(scene.mood.arousal)), "
                + "tension \(HTMLText.number(scene.mood.tension, places: 2))</title></rect>"
        }
        svg += moodCurves(top: 60, height: 100)
        svg += sectionBand(top: 178)
        svg += speechBand(top: 226)
        svg += cutLines(top: 12, bottom: 160) + "</svg>"
        var html = "<section id=\"timeline\"><h2>Timeline</h2>"
        if report.cuts.isEmpty { html += Self.note("No cuts: the video is one scene.") }
        if report.speechRegions?.isEmpty ?? true { html += Self.note("No speech was found in the original sound.") }
        html +=
            "<div class=\"legend\"><span>■ scene colour: blue = dark/sad … orange = bright/happy, "
            + "paler = calm, darker = tense</span><span style=\"color:#d9822b\">— valence</span>"
            + "<span style=\"color:#c0392b\">— arousal</span><span style=\"color:#6c3483\">— tension</span>"
            + "<span>| cut</span></div>"
        return html + "<div class=\"scroll\">\(svg)</div></section>\n"
    }

    func width(_ start: Double, _ end: Double) -> String {
        let duration = max(report.duration, 0.001)
        return HTMLText.number(max(0.3, (min(end, duration) - max(start, 0)) / duration * Self.chartWidth))
    }

    /// Valence, arousal (both -1...1) and tension (0...1) as steps, one level per scene.
    private func moodCurves(top: Double, height: Double) -> String {
        var svg = "<text x=\"2\" y=\"\(HTMLText.number(top - 4))\">mood (high ↑ low ↓)</text>"
        svg +=
            "<rect x=\"0\" y=\"\(HTMLText.number(top))\" width=\"\(Int(Self.chartWidth))\" height=\"\(HTMLText.number(height))\" fill=\"#fafbfc\"/>"
        let curves: [(String, (Report.MoodValues) -> Double)] = [
            ("#d9822b", { ($0.valence + 1) / 2 }), ("#c0392b", { ($0.arousal + 1) / 2 }), ("#6c3483", { $0.tension }),
        ]
        for (colour, level) in curves {
            var path = ""
            for scene in report.scenes {
                let y = HTMLText.number(top + height * (1 - min(1, max(0, level(scene.mood)))))
                path += (path.isEmpty ? "M\(x(scene.start)) \(y)" : "V\(y)") + "H\(x(scene.end))"
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\"/>"
        }
        return svg
    }

    /// The music's sections, shaded by intensity, labelled with key, tempo and part when they fit.
    private func sectionBand(top: Double) -> String {
        guard let music = report.music else { return "" }
        var svg = "<text x=\"2\" y=\"\(HTMLText.number(top - 4))\">music: \(HTMLText.escape(music.style))</text>"
        for section in music.sections {
            let shade = Int(235 - section.intensity * 120)
            svg +=
                "<rect x=\"\(x(section.start))\" y=\"\(HTMLText.number(top))\" width=\"\(width(section.start, section.end))\" "
                + "height=\"32\" fill=\"rgb(\(shade),\(shade),\(min(255, shade + 18)))\" stroke=\"#fff\">"
                + "<title>\(HTMLText.clock(section.start))–\(HTMLText.clock(section.end)): \(HTMLText.escape(section.key)), "
                + "\(HTMLText.number(section.bpm)) bpm, \(section.bars) bars, \(HTMLText.escape(section.character))</title></rect>"
            let span = (section.end - section.start) / max(report.duration, 0.001) * Self.chartWidth
            if span > 70 {
                svg +=
                    "<text x=\"\(HTMLText.number(position(section.start) + 3))\" y=\"\(HTMLText.number(top + 13))\" "
                    + "style=\"fill:\(shade < 170 ? "#fff" : "#333")\">\(HTMLText.escape(section.key))</text>"
                    + "<text x=\"\(HTMLText.number(position(section.start) + 3))\" y=\"\(HTMLText.number(top + 26))\" "
                    + "style=\"fill:\(shade < 170 ? "#fff" : "#333")\">\(HTMLText.number(section.bpm, places: 0)) bpm · "
                    + "\(HTMLText.escape(section.character))</text>"
            }
        }
        return svg
    }

    private func speechBand(top: Double) -> String {
        var svg = "<text x=\"2\" y=\"\(HTMLText.number(top - 4))\">speech</text>"
        svg +=
            "<rect x=\"0\" y=\"\(HTMLText.number(top))\" width=\"\(Int(Self.chartWidth))\" height=\"12\" fill=\"#f2f3f6\"/>"
        for region in report.speechRegions ?? [] {
            svg +=
                "<rect x=\"\(x(region.start))\" y=\"\(HTMLText.number(top))\" width=\"\(width(region.start, region.end))\" "
                + "height=\"12\" fill=\"#2e86c1\"/>"
        }
        return svg
    }
}
