import Testing

@testable import Pipeline

@Suite("Words choose the style when the style is left to soundtrack")
struct StyleHintTests {
    @Test("The first hint that names a style wins; instruments map to the style that has them")
    func hintsPickAStyle() {
        #expect(SoundtrackJob.style(forHints: ["drums", "piano", "electronic"]) == "piano")
        #expect(SoundtrackJob.style(forHints: ["strings"]) == "cinematic")
        #expect(SoundtrackJob.style(forHints: ["guitar"]) == "folk")
        #expect(SoundtrackJob.style(forHints: ["bass", "drums"]) == nil)
        #expect(SoundtrackJob.style(forHints: []) == nil)
    }
}
