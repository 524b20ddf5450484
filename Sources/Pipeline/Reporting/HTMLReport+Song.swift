/// What was found in a re-styled song, under the piano roll: its sections and chords on the
/// roll's time axis (a chord's shade is its confidence), then the key, the tempo map, the
/// meters, the sections and every chord with its time and confidence.
extension HTMLReport {
    static let sectionColours = ["#d6e4f0", "#f6dcc4", "#d5efdc", "#e6d8f0", "#f3d3d0", "#d3ede9"]

    func songSection() -> String {
        guard let song else { return "" }
        let height = 72.0
        var svg = Self.chartStart(id: "chords", height: height, label: "sections and chords")
        for section in song.sections {
            let colour = Self.sectionColours[Int(section.label.unicodeScalars.first?.value ?? 65) % Self.sectionColours.count]
            svg +=
                "<rect x=\"\(x(section.start))\" y=\"0\" width=\"\(width(section.start, section.end))\" height=\"20\" "
                + "fill=\"\(colour)\" stroke=\"#fff\"/>"
                + "<text x=\"\(HTMLText.number(position(section.start) + 3))\" y=\"14\">\(HTMLText.escape(section.label))</text>"
        }
        for (index, chord) in song.chords.enumerated() {
            let opacity = HTMLText.number(0.25 + 0.75 * min(1, max(0, chord.confidence)), places: 2)
            svg +=
                "<rect x=\"\(x(chord.start))\" y=\"24\" width=\"\(width(chord.start, chord.end))\" height=\"28\" "
                + "fill=\"\(index % 2 == 0 ? "#2e86c1" : "#1b4f72")\" fill-opacity=\"\(opacity)\"/>"
            if position(chord.end) - position(chord.start) >= 18 {
                svg +=
                    "<text x=\"\(HTMLText.number(position(chord.start) + 2))\" y=\"42\" style=\"fill:#fff\">"
                    + "\(HTMLText.escape(chord.chord))</text>"
            }
        }
        svg += timeAxis(y: height - 4, height: height - 16) + "</svg>"
        var html = "<section id=\"song\"><h2>What was found in the song</h2>"
        html +=
            "<div class=\"legend\"><span>sections (top)</span><span>chords (below; darker: more confident)</span>"
            + "<span>\(song.chords.count) chords</span></div>"
        html += "<div class=\"scroll\">\(svg)</div>"
        html += HTMLText.table(facts(song))
        html += "<h3>Sections</h3>" + sectionsTable(song)
        html += "<h3>Chords</h3>" + chordsTable(song)
        return html + "</section>\n"
    }

    private func facts(_ song: SongReport) -> [(String, String)] {
        let tempos = song.tempoMap.map(\.bpm)
        var tempo = tempos.first.map { HTMLText.number($0) + " bpm" } ?? "–"
        if let low = tempos.min(), let high = tempos.max(), low != high {
            tempo = "\(tempos.count) changes, " + HTMLText.number(low) + "–" + HTMLText.number(high) + " bpm"
        }
        let shown = song.tempoMap.prefix(24).map { HTMLText.clock($0.time) + " " + HTMLText.number($0.bpm) }
        let meters = song.meters.map { "bar \($0.bar): \($0.meter)" }
        return [
            ("key", HTMLText.escape(song.key.name) + " (confidence " + HTMLText.number(song.key.confidence, places: 2) + ")"),
            ("bars", "\(song.bars)"),
            ("tempo", HTMLText.escape(tempo)),
            (
                "tempo map",
                HTMLText.escape(shown.joined(separator: " · ") + (song.tempoMap.count > shown.count ? " · …" : ""))
            ),
            ("meters", HTMLText.escape(meters.joined(separator: " · "))),
            ("melody", "\(song.melody.notes.count) notes" + (song.melody.part.map { ", part \($0)" } ?? "")),
        ]
    }

    private func sectionsTable(_ song: SongReport) -> String {
        let rows = song.sections.map {
            "<tr><td>\(HTMLText.escape($0.label))</td><td class=\"num\">\(HTMLText.clock($0.start))–\(HTMLText.clock($0.end))</td>"
                + "<td class=\"num\">bars \($0.firstBar)–\($0.firstBar + $0.bars - 1)</td>"
                + "<td class=\"num\">\(HTMLText.number($0.intensity, places: 2))</td></tr>"
        }
        return "<table class=\"sections\"><tr><th>section</th><th>time</th><th>bars</th><th>intensity</th></tr>"
            + rows.joined() + "</table>"
    }

    private func chordsTable(_ song: SongReport) -> String {
        let rows = song.chords.map {
            "<tr><td class=\"num\">\(HTMLText.clock($0.start))</td><td class=\"num\">\($0.bar)</td>"
                + "<td class=\"chord\">\(HTMLText.escape($0.chord))</td>"
                + "<td class=\"num\">\(HTMLText.number($0.confidence, places: 2))</td></tr>"
        }
        return "<div class=\"scroll\" style=\"max-height:24em;overflow-y:auto\"><table class=\"chords\">"
            + "<tr><th>time</th><th>bar</th><th>chord</th><th>confidence</th></tr>" + rows.joined() + "</table></div>"
    }
}
