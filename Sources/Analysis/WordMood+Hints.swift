extension WordMood {
    /// Words that name a style or an instrument, and the name the composer knows them by.
    static let hintWords: [String: String] = [
        "piano": "piano", "keys": "piano", "guitar": "guitar", "guitars": "guitar", "acoustic": "guitar",
        "strings": "strings", "violin": "strings", "violins": "strings", "cello": "strings",
        "orchestra": "orchestral", "orchestral": "orchestral", "symphonic": "orchestral", "cinematic": "cinematic",
        "film": "cinematic", "epic": "cinematic", "drums": "drums", "percussion": "drums", "synth": "electronic",
        "synths": "electronic", "electronic": "electronic", "techno": "electronic", "edm": "electronic",
        "choir": "choir", "voices": "choir", "flute": "flute", "brass": "brass", "trumpet": "brass", "horns": "brass",
        "jazz": "jazz", "jazzy": "jazz", "rock": "rock", "folk": "folk", "ambient": "ambient", "lofi": "lofi",
        "pop": "pop", "classical": "classical", "bass": "bass",
    ]

    /// Style and instrument hints named in a text, in the order they first appear.
    public static func hints(in text: String) -> [String] {
        var found: [String] = []
        for word in words(in: text) {
            if let hint = hintWords[word], !found.contains(hint) { found.append(hint) }
        }
        return found
    }
}
