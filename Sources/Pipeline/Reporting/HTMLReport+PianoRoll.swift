/// The score as a piano roll: one rectangle per note (pitch up, time across), an instrument a
/// colour, the drums in a strip of their own below, and the video's cuts as lines through it.
extension HTMLReport {
    static let trackColours = ["#2e86c1", "#d35400", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#b7950b", "#34495e"]

    func pianoRollSection() -> String {
        guard let tracks = report.music?.tracks else {
            return "<section id=\"score\"><h2>Score</h2>" + Self.note("No score was written.") + "</section>\n"
        }
        let noteCount = tracks.reduce(0) { $0 + $1.notes.count }
        let pitched = tracks.filter { !$0.isDrums }.flatMap(\.notes)
        let low = (pitched.map { Int($0[2]) }.min() ?? 48) - 1
        let high = (pitched.map { Int($0[2]) }.max() ?? 72) + 1
        let row = min(6, max(2, 300 / Double(high - low + 1)))
        let rollHeight = Double(high - low + 1) * row
        let hasDrums = tracks.contains { $0.isDrums && !$0.notes.isEmpty }
        let drumTop = rollHeight + 8
        let drumHeight = hasDrums ? 48.0 : 0
        let height = drumTop + drumHeight + 16
        var svg = Self.chartStart(id: "roll", height: height, label: "piano roll")
        svg += "<rect width=\"\(Int(Self.chartWidth))\" height=\"\(HTMLText.number(rollHeight))\" fill=\"#fafbfc\"/>"
        // Faint lines at every C, so that registers can be read.
        for pitch in low...high where pitch % 12 == 0 {
            let y = (Double(high - pitch) + 0.5) * row
            svg +=
                Self.rule(y: y, stroke: "#e3e6ec")
                + "<text x=\"2\" y=\"\(HTMLText.number(y))\">C\(pitch / 12 - 1)</text>"
        }
        svg += timeAxis(y: height - 2, height: height - 14)
        var legend: [String] = []
        for (index, track) in tracks.enumerated() {
            let colour = Self.trackColours[index % Self.trackColours.count]
            legend.append(
                "<span style=\"color:\(colour)\">■ \(HTMLText.escape(track.name)) (\(track.notes.count))</span>")
            svg += "<g class=\"notes\" fill=\"\(colour)\" fill-opacity=\"0.85\">"
            for note in track.notes {
                let y: Double
                let noteHeight: Double
                if track.isDrums {
                    noteHeight = 2.5
                    y = drumTop + (1 - min(1, max(0, (note[2] - 35) / 46))) * (drumHeight - noteHeight)
                } else {
                    noteHeight = row
                    y = Double(high - Int(note[2])) * row
                }
                // No class or style per note: a ten-minute score holds tens of thousands.
                svg +=
                    "<rect x=\"\(x(note[0]))\" y=\"\(HTMLText.number(y))\" "
                    + "width=\"\(width(note[0], note[0] + note[1]))\" height=\"\(HTMLText.number(noteHeight))\"/>"
            }
            svg += "</g>"
        }
        svg += cutLines(top: 0, bottom: drumTop + drumHeight) + "</svg>"
        var html = "<section id=\"score\"><h2>Score</h2>"
        if noteCount == 0 { html += Self.note("The score holds no notes.") }
        html +=
            "<div class=\"legend\">\(legend.joined())<span>\(noteCount) notes</span>"
            + (hasDrums ? "<span>drums: the strip below</span>" : "") + "<span>| cut</span></div>"
        return html + "<div class=\"scroll\">\(svg)</div></section>\n"
    }
}
