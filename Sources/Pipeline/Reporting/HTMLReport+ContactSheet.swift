import Foundation

/// One picture per scene, from its middle, with when it starts, how long it lasts and its mood.
extension HTMLReport {
    func contactSheetSection() -> String {
        var html = "<section id=\"scenes\"><h2>Scenes</h2>"
        if report.scenes.count == 1 {
            html += Self.note("One scene: no cut was found, so the whole video is one scene.")
        }
        if stills.isEmpty {
            html += Self.note("No pictures were taken of the scenes.")
        } else if stills.contains(where: { $0 == nil }) {
            html += Self.note("Some scenes could not be pictured; their places are marked.")
        }
        html += "<div class=\"sheet\">"
        for (index, scene) in report.scenes.enumerated() {
            let mood = scene.mood
            let picture: String
            if index < stills.count, let still = stills[index] {
                let data = Data(still.jpeg).base64EncodedString()
                picture =
                    "<img class=\"thumb\" width=\"\(still.width)\" height=\"\(still.height)\" "
                    + "alt=\"scene \(index + 1) at \(HTMLText.clock(still.time))\" src=\"data:image/jpeg;base64,\(data)\">"
            } else {
                picture = "<div class=\"thumb missing\">no picture</div>"
            }
            html +=
                "<figure class=\"scene\">\(picture)<figcaption><b>\(index + 1)</b> · \(HTMLText.clock(scene.start))"
                + " · \(HTMLText.number(scene.end - scene.start)) s<br>"
                + "<span class=\"chip\" style=\"background:\(MoodColour.css(mood))\"></span>"
                + "v \(HTMLText.signed(mood.valence)) a \(HTMLText.signed(mood.arousal)) "
                + "t \(HTMLText.number(mood.tension, places: 2))"
                + "</figcaption></figure>"
        }
        return html + "</div></section>\n"
    }
}
