/// The page's text parts: the figures at a glance, the files, the stage timings and the options.
extension HTMLReport {
    func summarySection() -> String {
        var figures: [(String, String)] = [("duration", HTMLText.clock(report.duration))]
        if let song {
            figures += [("bars", "\(song.bars)"), ("chords", "\(song.chords.count)"), ("sections", "\(song.sections.count)")]
        } else {
            figures += [("scenes", "\(report.scenes.count)"), ("cuts", "\(report.cuts.count)")]
        }
        if let music = report.music {
            let tempos = music.sections.map(\.bpm)
            let tempo =
                tempos.isEmpty
                ? "–"
                : HTMLText.number(tempos.min()!, places: 0) == HTMLText.number(tempos.max()!, places: 0)
                    ? HTMLText.number(tempos[0]) + " bpm"
                    : HTMLText.number(tempos.min()!, places: 0) + "–" + HTMLText.number(tempos.max()!, places: 0)
                        + " bpm"
            figures += [("style", music.style), ("key", music.key), ("tempo", tempo)]
        }
        if let audio = report.audio {
            figures += [
                ("audio", audio.mode), ("loudness", HTMLText.number(audio.lufs) + " LUFS"),
                ("true peak", HTMLText.number(audio.truePeak) + " dBTP"),
            ]
        }
        let cells = figures.map { "<div>\(HTMLText.escape($0.0))<b>\(HTMLText.escape($0.1))</b></div>" }
        return "<section id=\"summary\"><h2>At a glance</h2><div class=\"big\">\(cells.joined())</div></section>\n"
    }

    func filesSection() -> String {
        guard let media = report.media else {
            return "<section id=\"files\"><h2>Files</h2>"
                + Self.note("The files were not described (the job did not record them).") + "</section>\n"
        }
        var cards: [String] = []
        if let input = media.input {
            cards.append(card("Input", input))
        } else {
            cards.append(
                "<div><h3>Input</h3>"
                    + HTMLText.table([("file", HTMLText.escape(report.input))])
                    + Self.note(
                        song == nil
                            ? "Not a media file: the music comes from its words or pictures."
                            : "A song: what was found in it is shown under the score.") + "</div>")
        }
        if let output = media.output {
            cards.append(card("Output", output))
        } else if (report.output.map { (try? OutputPlanner.delivery(forPath: $0)) == .midi }) ?? false {
            cards.append(
                "<div><h3>Output</h3>" + Self.note("A MIDI file: the score alone, no sound to describe.") + "</div>")
        } else {
            cards.append(
                "<div><h3>Output</h3>" + Self.note("The output could not be read back to describe it.") + "</div>")
        }
        return "<section id=\"files\"><h2>Files</h2><div class=\"cards\">\(cards.joined())</div></section>\n"
    }

    private func card(_ title: String, _ file: Report.MediaFile) -> String {
        var rows: [(String, String)] = [
            ("file", HTMLText.escape(file.path)), ("container", HTMLText.escape(file.container)),
            (
                "duration",
                file.duration.map { HTMLText.clock($0) + " (" + HTMLText.number($0, places: 3) + " s)" } ?? "unknown"
            ),
        ]
        for stream in file.streams {
            var parts = [stream.codec]
            if let width = stream.width, let height = stream.height { parts.append("\(width)×\(height)") }
            if let rate = stream.frameRate { parts.append(HTMLText.number(rate, places: 3) + " fps") }
            if let rate = stream.sampleRate { parts.append("\(rate) Hz") }
            if let channels = stream.channels { parts.append("\(channels) ch") }
            if let language = stream.language { parts.append(language) }
            rows.append(("#\(stream.index) \(stream.kind)", HTMLText.escape(parts.joined(separator: ", "))))
        }
        return "<div><h3>\(title)</h3>\(HTMLText.table(rows))</div>"
    }

    func timingsSection() -> String {
        let order = [
            "probe", "analysis", "composition", "soundfont", "rendering", "mixing", "loudness", "writing", "pictures",
        ]
        let stages = report.timings.sorted {
            (order.firstIndex(of: $0.key) ?? 99, $0.key) < (order.firstIndex(of: $1.key) ?? 99, $1.key)
        }
        let total = stages.reduce(0) { $0 + $1.value }
        guard total > 0 else {
            return "<section id=\"timings\"><h2>Stage timings</h2>" + Self.note("No stage was timed.") + "</section>\n"
        }
        let rows = stages.map { stage, seconds in
            let share = seconds / total * 100
            return
                "<tr><th>\(HTMLText.escape(stage))</th><td class=\"num\">\(HTMLText.number(seconds, places: 3)) s</td>"
                + "<td style=\"width:50%\"><div class=\"bar\" style=\"width:\(HTMLText.number(share))%\"></div></td></tr>"
        }
        let speed = report.duration > 0 ? " · " + HTMLText.number(report.duration / total) + "× real time" : ""
        return "<section id=\"timings\"><h2>Stage timings</h2><table>\(rows.joined())"
            + "<tr><th>total</th><td class=\"num\">\(HTMLText.number(total, places: 3)) s</td><td>\(speed)</td></tr></table></section>\n"
    }

    func optionsSection() -> String {
        var rows: [(String, String)] = [("soundtrack", HTMLText.escape(report.version))]
        if let options = report.options {
            let values: [(String, String?)] = [
                ("output", options.output), ("style", options.style), ("prompt", options.prompt),
                ("seed", options.seed.map { "\($0)" }), ("tempo", options.tempo.map { HTMLText.number($0) }),
                ("key", options.key), ("audio", options.audio), ("lufs", options.lufs.map { HTMLText.number($0) }),
                ("midi", options.midi), ("report", options.report), ("soundfont", options.soundFont),
                ("stems", options.stems), ("force", options.force.map { $0 ? "yes" : "no" }),
            ]
            rows += values.compactMap { name, value in value.map { (name, HTMLText.escape($0)) } }
        }
        if let music = report.music {
            rows.append(("SoundFont used", HTMLText.escape(music.soundFont)))
            rows.append(("seed used", "\(music.seed)"))
        }
        if let hints = report.hints, !hints.isEmpty {
            rows.append(("hints heard", HTMLText.escape(hints.joined(separator: ", "))))
        }
        return "<section id=\"options\"><h2>Options and version</h2>\(HTMLText.table(rows))</section>\n"
    }
}
