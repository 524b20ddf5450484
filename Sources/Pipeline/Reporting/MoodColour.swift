/// The colour of a mood on the report's pictures: valence turns the hue from blue (dark, sad)
/// to orange (bright, happy), arousal makes it more saturated, tension darker.
enum MoodColour {
    static func css(valence: Double, arousal: Double, tension: Double) -> String {
        let v = min(1, max(-1, valence))
        let a = min(1, max(-1, arousal))
        let t = min(1, max(0, tension))
        let hue = 220 - (v + 1) / 2 * 185
        let saturation = 30 + (a + 1) / 2 * 60
        let lightness = 66 - t * 26
        return "hsl(\(Int(hue)),\(Int(saturation))%,\(Int(lightness))%)"
    }

    static func css(_ mood: Report.MoodValues) -> String {
        css(valence: mood.valence, arousal: mood.arousal, tension: mood.tension)
    }
}
