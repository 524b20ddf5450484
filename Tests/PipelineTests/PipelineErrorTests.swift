import MediaIO
import Testing

@testable import Pipeline

@Suite("Stage chain: errors carry the documented exit codes")
struct PipelineErrorTests {
    @Test("An FFmpeg without the encoder an output needs: exit 69, one line naming the encoder and the output")
    func missingEncoder() {
        let error = PipelineError.wrap(MediaError.encoderMissing(name: "MP3 (libmp3lame)", path: "song.mp3"))
        #expect(error.exitCode == 69)
        #expect(error.description.hasPrefix("song.mp3: "))
        #expect(error.description.contains("libmp3lame"))
        #expect(!error.description.contains("\n"))
    }
}
